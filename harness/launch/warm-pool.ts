// The processes of a run of many short sessions on one launch spec (fuzzing): a few are started
// ahead of need, so that the next session's implementation starts up (its runtime, its libraries)
// while the current session runs, and ended sessions are reaped behind, so that the next session
// need not wait for an exit. Each process serves at most one session. close() tears down every
// process never used and waits for every reap; it runs by itself when the run's signal aborts
// (Ctrl-C), and each process's own exit hook sweeps it if the harness dies first.
import { Implementation, type LaunchSpec, type TeardownTimeouts } from './implementation.js';

export class WarmPool {
  private readonly ready: Implementation[] = [];
  private readonly reaping = new Set<Promise<void>>();
  private closed: Promise<void> | null = null;

  /**
   * `size` processes are kept started and unused (one per job is enough: each job takes one while
   * the next starts). `timeouts` bound each teardown; nothing is waited for without one.
   */
  constructor(
    private readonly spec: LaunchSpec,
    private readonly signal: AbortSignal,
    private readonly size: number,
    private readonly timeouts: TeardownTimeouts,
  ) {
    signal.addEventListener('abort', () => void this.close(), { once: true });
  }

  /**
   * A never-used implementation for one session: a warm one when `spec` and `signal` are the
   * pool's (the same objects), else one launched now. Starts a replacement either way.
   */
  launch(spec: LaunchSpec, signal: AbortSignal): Implementation {
    if (spec !== this.spec || signal !== this.signal || this.closed !== null) return Implementation.launch(spec, signal);
    const impl = this.ready.shift() ?? Implementation.launch(spec, signal);
    this.fill();
    return impl;
  }

  /**
   * Ends a session's process as Implementation.teardown does (Shutdown first), but returns once
   * Shutdown is sent: the wait for the exit, the kill if it never comes, the reap and then `after`
   * go on in the background, and close() waits for them.
   */
  async end(impl: Implementation, timeouts: TeardownTimeouts, after: () => Promise<void>): Promise<void> {
    // Shutdown always, unlike teardown's rule for a stuck process: a fuzz sequence's last wait is its
    // closing check for a stray reply, whose timeout is the expected answer, not a request left unanswered.
    await impl.requestShutdown(timeouts.exitMs);
    const reap = (async () => {
      try {
        await impl.waitForExit(timeouts.exitMs, { abortable: false });
        await impl.teardown(timeouts);
      } finally {
        await after();
      }
    })();
    this.reaping.add(reap);
    void reap.finally(() => this.reaping.delete(reap)).catch(() => {});
  }

  /** Tears down every process never used and waits until every process of the pool is reaped. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      const unused = this.ready.splice(0);
      await Promise.allSettled([...unused.map((impl) => impl.teardown(this.timeouts)), ...this.reaping]);
      // A reap started while the first ones were awaited (a session ending during close).
      while (this.reaping.size > 0) await Promise.allSettled([...this.reaping]);
    })();
    return this.closed;
  }

  private fill(): void {
    while (this.closed === null && !this.signal.aborted && this.ready.length < this.size) {
      this.ready.push(Implementation.launch(this.spec, this.signal));
    }
  }
}
