// The server role: each check gets a fresh implementation process (or a fresh session in a session
// host, where session-route.ts allows it), so that no check can disturb another, and a CheckContext
// on it; the session is torn down and reaped after the check.
import semver from 'semver';
import type { HarnessConfig } from '../config.js';
import { CheckContext } from '../checks/context.js';
import type { CheckDefinition } from '../checks/types.js';
import type { CaseResult } from '../verdicts/result.js';
import type { Verdict } from '../verdicts/verdict.js';
import { loadSpecs } from '../specs/index.js';
import type { SuiteImage, SuiteImageAlias } from '../images/suite-images.js';
import { describeExit, isCleanExit, withExtraArgs, type ExitStatus, type Implementation, type LaunchSpec } from '../launch/implementation.js';
import { ONE_PROCESS_PER_SESSION, type SessionProcesses } from '../launch/session-processes.js';
import { NO_RUN_REGISTRY, type RunRegistry } from '../registry/run-registry.js';
import { policyNotApplicable, prepareCasePolicy, type CasePolicyLaunch } from './case-policy.js';
import { harnessPartFailed, prepareCaseUpstream, registryNotApplicable } from './case-upstream.js';
import type { Role } from './role.js';
import { runCase } from './run-case.js';
import { startImplementation } from './session-route.js';

export interface CheckRunInput {
  check: CheckDefinition;
  spec: LaunchSpec;
  images: Readonly<Partial<Record<SuiteImageAlias, SuiteImage>>>;
  config: HarnessConfig;
  protocolVersion: string;
  signal: AbortSignal;
  /** The run's registry, for cases that read a registry image (default: none was started). */
  registry?: RunRegistry;
}

export type ServerRoleInput = Omit<CheckRunInput, 'check' | 'signal'> & {
  /** Where sessions' processes come from and go (default: launched for each case, reaped before the next). */
  processes?: SessionProcesses;
};

/** Runs one check against a fresh implementation process. */
export function runCheck(input: CheckRunInput & Pick<ServerRoleInput, 'processes'>): Promise<CaseResult> {
  return runCase(input.check, makeServerRole(input), input.signal);
}

/** The harness as the client: a case's session is an implementation launched for it alone. */
export function makeServerRole(input: ServerRoleInput): Role<CheckContext> {
  const { spec, images, config, protocolVersion } = input;
  const registry = input.registry ?? NO_RUN_REGISTRY;
  const processes = input.processes ?? ONE_PROCESS_PER_SESSION;
  return {
    harnessFault: (check) => harnessPartFailed(check, registry, images),
    verdictWithoutSession: (check) =>
      versionGate(check, protocolVersion) ??
      registryNotApplicable(check, spec, registry) ??
      missingImage(check, images) ??
      policyNotApplicable(check, spec) ??
      imageOptionsNotApplicable(check, spec),
    async startSession(check, signal) {
      const upstream = await prepareCaseUpstream(check, spec, images[check.image ?? 'simple'] as SuiteImage, registry, config);
      const image = upstream.image;
      let launch: CasePolicyLaunch;
      let impl: Implementation;
      let release: () => void;
      try {
        launch = await prepareCasePolicy(check, upstream.spec, new Map<string, unknown>([['image', image], ['images', images]]));
      } catch (error) {
        await upstream.end(() => {});
        throw error;
      }
      try {
        ({ impl, release } = await startImplementation(check, checkSpec(launch.spec, check), signal, processes));
      } catch (error) {
        await launch.remove();
        await upstream.end(() => {});
        throw error;
      }
      upstream.reportTo(impl.client.progress);
      const context = new CheckContext(impl, image, images, config, protocolVersion, loadSpecs());
      context.policyFile = launch.policyFile;
      return {
        context,
        verdictAfterRun: () => unexpectedExit(impl, context.expectedExit),
        async end() {
          await processes.end(impl, config.timeouts, async () => {
            release();
            await launch.remove();
            await upstream.end((text) => impl.transcript.note(text));
          });
          // A copy: events of a reap still going on belong to no report.
          return { transcript: [...impl.transcript.events], stderrTail: impl.stderrTail() };
        },
      };
    },
  };
}

/** A process that ended unclean during the check is a crash, unless a step required that very exit. */
function unexpectedExit(impl: Implementation, expected: ExitStatus | null): Verdict | null {
  const exit = impl.exited;
  if (exit === null || isCleanExit(exit)) return null;
  if (expected !== null && exit.code === expected.code && exit.signal === expected.signal) return null;
  return { status: 'crash', message: `the implementation ${describeExit(exit)} during the check`, exit, stderrTail: impl.stderrTail() };
}

/** Not applicable outside [since, until); an unparseable version runs everything rather than guess. */
function versionGate(check: CheckDefinition, version: string): Verdict | null {
  if (semver.valid(version) === null) return null;
  if (semver.lt(version, check.since)) return { status: 'not-applicable', reason: `needs protocol ${check.since}, implementation speaks ${version}` };
  if (check.until !== undefined && semver.gte(version, check.until)) {
    return { status: 'not-applicable', reason: `about protocols before ${check.until}, implementation speaks ${version}` };
  }
  return null;
}

function missingImage(check: CheckDefinition, images: CheckRunInput['images']): Verdict | null {
  const alias = check.image ?? 'simple';
  if (images[alias] !== undefined) return null;
  return { status: 'harness-error', message: `no fixture image ${alias} was loaded`, code: 'PC_FIXTURE_FAILED' };
}

/**
 * A check may demand the socket on a numbered fd (`--sockfd 3`) whatever the run's mode, or a
 * `--sockfd 3` that names no socket.
 */
function checkSpec(spec: LaunchSpec, check: CheckDefinition): LaunchSpec {
  const withOptions = check.imageOptions === undefined ? spec : withExtraArgs(spec, check.imageOptions);
  if (check.socket === 'not-a-socket') return { ...withOptions, socket: { kind: 'not-a-socket', fd: 3 } };
  if (check.socket !== 'fd' || spec.socket.kind === 'fd') return withOptions;
  return { ...withOptions, socket: { kind: 'fd', fd: 3 } };
}

/** A case with skopeo's image options runs only where the implementation takes them. */
function imageOptionsNotApplicable(check: CheckDefinition, spec: LaunchSpec): Verdict | null {
  if (check.imageOptions === undefined || spec.imageOptions?.kind === 'flags') return null;
  return { status: 'not-applicable', reason: `needs skopeo's image options ${check.imageOptions.join(' ')}: ${spec.imageOptions?.reason ?? 'the harness cannot give them to this implementation'}` };
}
