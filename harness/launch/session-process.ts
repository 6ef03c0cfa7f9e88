// What serves the other end of a session's socket, as the runners see it: a spawned process
// (process.ts) or a session in a session host (hosted-session.ts), alike but for the pid.
import type { ExitStatus, TeardownTimeouts } from './process.js';

/** What serves a session: a spawned process, or a session in a session host. */
export type SessionKind = 'process' | 'hosted';

/**
 * What serves the other end of the socket: a spawned process (process.ts), or a session in a
 * session host (hosted-session.ts), which stands in for a process's exit and output but has no pid.
 */
export interface SessionProcess {
  readonly pid: number;
  readonly exited: ExitStatus | null;
  waitForExit(timeoutMs: number, signal?: AbortSignal): Promise<ExitStatus | null>;
  kill(signal: NodeJS.Signals): boolean;
  outputTail(maxBytes?: number): string;
  /** Ends it for sure after `close` (EOF): wait, then SIGTERM (or its stand-in), then SIGKILL. */
  stop(timeouts: TeardownTimeouts, close: () => void): Promise<ExitStatus>;
}
