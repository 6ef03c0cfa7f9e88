// The registry a run's `registry/*` cases fetch from: Debian's docker-registry (or --registry-bin)
// started on loopback with temporary storage, only when a selected case needs it. Without one the
// cases are not applicable, except in CI, where a missing registry fails them as a missing skopeo does.
import { isCiEnvironment } from '../config.js';
import { findOnPath, validateImplPath } from '../launch/resolve-impl.js';
import { REGISTRY_INSTALL_HINT, startRegistry, type RunningRegistry } from './start-registry.js';
import type { CaseMetadata } from '../model/case.js';
import { readsRegistryImage } from '../images/suite-images.js';

/** What the command line says about the registry. */
export interface RegistryChoice {
  /** --registry-bin PATH: this executable instead of docker-registry on PATH. */
  bin?: string | undefined;
  /** --no-registry: run no registry; the registry cases are not applicable. */
  disabled?: boolean | undefined;
  /** Where the choice was made, for messages (default: the command line's flags). */
  from?: { bin: string; disabled: string } | undefined;
}

/** The command line's names for a registry choice. */
const FLAGS = { bin: '--registry-bin', disabled: '--no-registry' };

/** The registry as the cases see it: running at `host`, or absent with the reason. */
export type RunRegistry =
  /** `died`: how it ended when it ended on its own mid-run (nothing the implementation did). */
  | { kind: 'running'; host: string; died?: () => string | null }
  /** `fatal`: the cases fail (a harness error) instead of being not applicable. */
  | { kind: 'absent'; reason: string; fatal: boolean };

/** A started registry (stop it), or the reason there is none. */
export type StartedRegistry = { state: RunRegistry; running: RunningRegistry | null };

/** What a role sees when its caller started no registry. */
export const NO_RUN_REGISTRY: RunRegistry = { kind: 'absent', reason: 'no registry was started for this run', fatal: false };

const NOT_NEEDED: StartedRegistry = { state: { kind: 'absent', reason: 'no selected case needs a registry', fatal: false }, running: null };

/** The executable to run, or the reason there is none; a --registry-bin that is no executable is a usage error. */
export function resolveRegistryBin(choice: RegistryChoice): { executable: string } | { reason: string } {
  const from = choice.from ?? FLAGS;
  if (choice.disabled) return { reason: `the registry is turned off (${from.disabled})` };
  if (choice.bin !== undefined) return { executable: validateImplPath(choice.bin, from.bin) };
  const found = findOnPath('docker-registry');
  return found !== null ? { executable: found } : { reason: `no docker-registry on PATH (${REGISTRY_INSTALL_HINT}, or pass --registry-bin PATH)` };
}

/**
 * Starts the registry when `needed`. A registry that is missing or fails to start leaves the cases
 * without one; CI (the CI variable set) makes that a failure unless --no-registry said so.
 */
export async function startRunRegistry(choice: RegistryChoice, needed: boolean, env: NodeJS.ProcessEnv = process.env, signal?: AbortSignal): Promise<StartedRegistry> {
  if (!needed) return NOT_NEEDED;
  const bin = resolveRegistryBin(choice);
  const fatal = !choice.disabled && isCiEnvironment(env);
  if ('reason' in bin) return { state: { kind: 'absent', reason: bin.reason, fatal }, running: null };
  try {
    const running = await startRegistry({ executable: bin.executable, ...(signal ? { signal } : {}) });
    return { state: { kind: 'running', host: running.host, died: () => running.died() }, running };
  } catch (error) {
    return { state: { kind: 'absent', reason: (error as Error).message, fatal }, running: null };
  }
}

/**
 * Runs `use` with the registry the `cases` need (started only when one reads a registry image),
 * and stops it afterwards whatever happens; an interrupt (`signal`) cuts its start short.
 */
export async function withRunRegistry<T>(choice: RegistryChoice, cases: readonly CaseMetadata[], use: (registry: StartedRegistry, needed: number) => Promise<T>, signal?: AbortSignal): Promise<T> {
  const needed = cases.filter(readsRegistryImage).length;
  const registry = await startRunRegistry(choice, needed > 0, process.env, signal);
  try {
    return await use(registry, needed);
  } finally {
    await registry.running?.stop();
  }
}

/** The line a run prints about its registry, or null when no case needs one. */
export function describeRunRegistry(state: RunRegistry, cases: number): { text: string; always: boolean } | null {
  if (cases === 0) return null;
  if (state.kind === 'running') return { text: `registry: ${state.host} (fixtures pushed) for ${cases} registry case(s)`, always: false };
  // No registry changes what was tested: said even with --quiet.
  return { text: `registry: none, ${state.reason}: ${cases} registry case(s) ${state.fatal ? 'fail (CI is set)' : 'not applicable'}`, always: true };
}
