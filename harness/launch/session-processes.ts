// How a session's process is started and ended: one launched for each session and reaped before the
// next (the default), or a pool that starts processes ahead, reaps behind, and keeps a process or a
// hosted session that its session left fresh for the next one (warm-pool.ts).
import { Implementation, type LaunchSpec, type SessionKind, type TeardownTimeouts } from './implementation.js';
import type { SessionHosts } from './session-hosts.js';

/**
 * The live resources a run starts its sessions with, beside the plain launch spec: session hosts
 * that may serve a session instead of a process (run/session-route.ts decides which), and an
 * environment of its own for each process launched (--coverage: a GOCOVERDIR each).
 */
export interface LaunchResources {
  readonly hosts?: SessionHosts | undefined;
  processEnv?(): Record<string, string>;
}

export interface SessionProcesses {
  /** What this run's sessions are started with beside the spec; a fresh session elsewhere uses the same. */
  readonly resources: LaunchResources;
  launch(spec: LaunchSpec, signal: AbortSignal): Implementation;
  /** Ends the process for sure (Shutdown first), then runs `after`; may return before the reap. */
  end(impl: Implementation, timeouts: TeardownTimeouts, after: () => Promise<void>): Promise<void>;
  /** Whether end() would keep `impl` for another session if its session offered it (it has not served its share). */
  keeps?(impl: Implementation): boolean;
  /** The session left the process as fresh as a new one: end() may keep it for another session. */
  offer?(impl: Implementation): void;
  /** A process (or hosted session) of this kind kept by end() for another session, if there is one. */
  resume?(spec: LaunchSpec, signal: AbortSignal, kind: SessionKind): Implementation | undefined;
}

/** One process (or hosted session) per session, launched when it starts and reaped before it is reported. */
export function processPerSession(resources: LaunchResources = {}): SessionProcesses {
  return {
    resources,
    launch: (spec, signal) => launchWith(resources, spec, signal),
    end: endForSure,
  };
}

export const ONE_PROCESS_PER_SESSION: SessionProcesses = processPerSession();

/** A process for `spec` with the resources' environment for it. */
export function launchWith(resources: LaunchResources, spec: LaunchSpec, signal: AbortSignal): Implementation {
  return Implementation.launch(spec, signal, resources.processEnv?.());
}

/** Ends the process for sure (Shutdown first), then runs `after`. */
async function endForSure(impl: Implementation, timeouts: TeardownTimeouts, after: () => Promise<void>): Promise<void> {
  try {
    await impl.teardown(timeouts, { shutdown: true });
  } finally {
    await after();
  }
}
