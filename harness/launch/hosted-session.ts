// One session a session host serves, in the shape of a spawned process (session-process.ts): its
// exit is the session's end, its output what the session wrote to stderr.
import { HarnessError } from '../errors.js';
import { waitForStatus, type ExitStatus, type TeardownTimeouts } from './process.js';
import type { SessionProcess } from './session-process.js';

/** How long the host may take to report the end of a session it was told to kill. */
export const HOST_EXIT_MS = 2000;
const OUTPUT_TAIL_BYTES = 64 * 1024;

/** What a session reports as it goes, for its transcript (as a spawned process does). */
export interface SessionObserver {
  exited?(status: ExitStatus): void;
  note?(text: string): void;
}

/** What a hosted session may ask of its host: to end it from outside, or to die with every session it serves. */
export interface SessionHostControl {
  abort(id: number): void;
  kill(): void;
}

/**
 * One session served by a host, in the shape of a spawned process: its exit is the session's end,
 * its output what the session wrote to stderr. It has no pid and cannot be signalled: a case that
 * needs either is routed to a process, and reaching them here is a harness error.
 */
export class HostedSession implements SessionProcess {
  private exitStatus: ExitStatus | null = null;
  private resolveExit: (status: ExitStatus) => void = () => {};
  private readonly exitPromise = new Promise<ExitStatus>((resolve) => (this.resolveExit = resolve));
  private output = '';

  constructor(
    readonly id: number,
    private readonly host: SessionHostControl,
    private readonly observer: SessionObserver,
  ) {}

  get pid(): number {
    throw new HarnessError('PC_INTERNAL', 'a hosted session has no process of its own (run/session-route.ts should have given this case one)');
  }

  get exited(): ExitStatus | null {
    return this.exitStatus;
  }

  outputTail(maxBytes = 2048): string {
    return this.output.length > maxBytes ? `…${this.output.slice(-maxBytes)}` : this.output;
  }

  waitForExit(timeoutMs: number, signal?: AbortSignal): Promise<ExitStatus | null> {
    return this.exitStatus ? Promise.resolve(this.exitStatus) : waitForStatus(this.exitPromise, timeoutMs, signal);
  }

  kill(signal: NodeJS.Signals): boolean {
    throw new HarnessError('PC_INTERNAL', `a hosted session cannot be sent ${signal} (run/session-route.ts should have given this case a process)`);
  }

  /** As a process's teardown: `close` (EOF), wait; then the abort a SIGTERM would be, wait; then the host is killed. Always ends. */
  async stop(timeouts: TeardownTimeouts, close: () => void): Promise<ExitStatus> {
    close();
    if (await this.waitForExit(timeouts.exitMs)) return this.exitStatus as ExitStatus;
    this.observer.note?.('no exit after EOF: SIGTERM');
    this.host.abort(this.id);
    if (await this.waitForExit(timeouts.termMs)) return this.exitStatus as ExitStatus;
    this.observer.note?.('no exit after SIGTERM: SIGKILL (the session host with it)');
    this.host.kill();
    return (await this.waitForExit(HOST_EXIT_MS * 2)) ?? this.forceEnd();
  }

  keepOutput(text: string): void {
    this.output += text;
    if (this.output.length > OUTPUT_TAIL_BYTES) this.output = this.output.slice(-OUTPUT_TAIL_BYTES);
  }

  ended(status: ExitStatus, note?: string): void {
    if (this.exitStatus) return;
    if (note !== undefined) this.observer.note?.(note);
    this.exitStatus = status;
    this.observer.exited?.(status);
    this.resolveExit(status);
  }

  private forceEnd(): ExitStatus {
    this.ended({ code: null, signal: 'SIGKILL' }, 'the session host did not report the end');
    return this.exitStatus as ExitStatus;
  }
}
