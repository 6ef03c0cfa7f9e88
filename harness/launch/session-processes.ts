// How a session's process is started and ended: one launched for each session and reaped before the
// next (the default), or a pool that starts processes ahead, reaps behind and may reuse one
// (warm-pool.ts).
import { Implementation, type LaunchSpec, type TeardownTimeouts } from './implementation.js';

export interface SessionProcesses {
  launch(spec: LaunchSpec, signal: AbortSignal): Implementation;
  /** Ends the process for sure (Shutdown first), then runs `after`; may return before the reap. */
  end(impl: Implementation, timeouts: TeardownTimeouts, after: () => Promise<void>): Promise<void>;
  /** The session left the process as fresh as a new one: end() may keep it for another session. */
  offer?(impl: Implementation): void;
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
