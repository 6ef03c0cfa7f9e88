// How a session's process is started and ended: one launched for each session and reaped before the
// next (the default), or a pool that starts processes ahead, reaps behind, and keeps a process or a
// hosted session that its session left fresh for the next one (warm-pool.ts).
import { Implementation, type LaunchSpec, type SessionKind, type TeardownTimeouts } from './implementation.js';

export interface SessionProcesses {
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

/** One process per session, launched when it starts and reaped before it is reported. */
export const ONE_PROCESS_PER_SESSION: SessionProcesses = {
  launch: (spec, signal) => Implementation.launch(spec, signal),
  async end(impl, timeouts, after) {
    try {
      await impl.teardown(timeouts, { shutdown: true });
    } finally {
      await after();
    }
  },
};
