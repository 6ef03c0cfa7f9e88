// The processes of a run of many short sessions on one launch spec (fuzzing): a few are started
// ahead of need, so that the next session's implementation starts up (its runtime, its libraries)
// while the current session runs, and ended sessions are reaped behind, so that the next session
// need not wait for an exit. A process serves one session, or up to `sessionsPerProcess` when its
// sessions offer it back (fuzz/session-reset.ts makes one fresh again), and so does a session in a
// session host (the pool keeps it; the hosts start it); one a session did not offer, or that
// reached the limit, is ended. close() tears down every process not in use and
// waits for every reap; it runs by itself when the run's signal aborts (Ctrl-C), and each
// process's own exit hook sweeps it if the harness dies first.
import { Implementation, type LaunchSpec, type SessionKind, type TeardownTimeouts } from './implementation.js';
import { sameLaunch } from './launch-spec.js';
import { launchWith, type LaunchResources, type SessionProcesses } from './session-processes.js';

export class WarmPool implements SessionProcesses {
  private readonly ready: Implementation[] = [];
  /** Processes whose last session left them fresh, for the next session. */
  private readonly idle: Implementation[] = [];
  private readonly offered = new WeakSet<Implementation>();
  /** Processes the pool started, warm ones never used included. */
  started = 0;
  private readonly reaping = new Set<Promise<void>>();
  private closed: Promise<void> | null = null;

  /**
   * `size` processes are kept started and unused (one per job is enough: each job takes one while
   * the next starts). `timeouts` bound each teardown; nothing is waited for without one.
   */
  constructor(
    private readonly spec: LaunchSpec,
    readonly resources: LaunchResources,
    private readonly signal: AbortSignal,
    private readonly size: number,
    private readonly timeouts: TeardownTimeouts,
    private readonly sessionsPerProcess = 1,
  ) {
    signal.addEventListener('abort', () => void this.close(), { once: true });
  }

  /**
   * A never-used process for one session: a warm one when it launches the pool's spec under the
   * pool's signal, and a replacement starts; otherwise one launched now.
   */
  launch(spec: LaunchSpec, signal: AbortSignal): Implementation {
    if (!this.serves(spec, signal)) return launchWith(this.resources, spec, signal);
    const impl = this.ready.shift() ?? this.start();
    this.fill();
    return impl;
  }

  /** A process (or hosted session) of this kind that its last session offered back, for the next session. */
  resume(spec: LaunchSpec, signal: AbortSignal, kind: SessionKind): Implementation | undefined {
    if (!this.serves(spec, signal)) return undefined;
    const at = this.idle.findIndex((impl) => impl.kind === kind);
    if (at < 0) return undefined;
    const [impl] = this.idle.splice(at, 1) as [Implementation];
    impl.beginNextSession();
    return impl;
  }

  /**
   * The current session left `impl` (a process or a hosted session) as fresh as a new one: end()
   * keeps it for another session, unless it exited or has served its share.
   */
  offer(impl: Implementation): void {
    this.offered.add(impl);
  }

  /** Whether end() would keep `impl` if offered: the pool is open and it has not served its share. */
  keeps(impl: Implementation): boolean {
    return this.closed === null && !this.signal.aborted && impl.exited === null && impl.sessionsBefore + 1 < this.sessionsPerProcess;
  }

  /**
   * Keeps the process for the next session when its session offered it (after `after`); else ends
   * it as Implementation.teardown does (Shutdown first), but returns once Shutdown is sent: the
   * wait for the exit, the kill if it never comes, the reap and then `after` go on in the
   * background, and close() waits for them.
   */
  async end(impl: Implementation, timeouts: TeardownTimeouts, after: () => Promise<void>): Promise<void> {
    if (this.offered.delete(impl) && this.keeps(impl)) {
      await after();
      this.idle.push(impl);
      return;
    }
    // A process stuck in a request reads no Shutdown, and one the run's interrupt ended is no longer
    // judged: teardown goes straight to EOF and SIGTERM.
    const stuck = impl.client.leftUnanswered || impl.interrupted;
    if (!stuck) await impl.requestShutdown(timeouts.exitMs);
    const reap = (async () => {
      try {
        if (!stuck) await impl.waitForExit(timeouts.exitMs, { abortable: false });
        await impl.teardown(timeouts);
      } finally {
        await after();
      }
    })();
    this.reaping.add(reap);
    void reap.finally(() => this.reaping.delete(reap)).catch(() => {});
  }

  /** Tears down every process not in use and waits until every process of the pool is reaped. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      const unused = [...this.ready.splice(0), ...this.idle.splice(0)];
      await Promise.allSettled([...unused.map((impl) => impl.teardown(this.timeouts)), ...this.reaping]);
      // A reap started while the first ones were awaited (a session ending during close).
      while (this.reaping.size > 0) await Promise.allSettled([...this.reaping]);
    })();
    return this.closed;
  }

  private serves(spec: LaunchSpec, signal: AbortSignal): boolean {
    return sameLaunch(spec, this.spec) && signal === this.signal && this.closed === null;
  }

  private start(): Implementation {
    this.started += 1;
    return launchWith(this.resources, this.spec, this.signal);
  }

  private fill(): void {
    while (this.closed === null && !this.signal.aborted && this.ready.length < this.size) this.ready.push(this.start());
  }
}
