// A deadline that restarts whenever the session makes progress, up to a total allowance: a wait
// ends as `stalled` only when nothing moved for `idleMs`, and as `progressing` when things kept
// moving until the allowance ran out. How it ended is kept for the verdict.
import type { Deadline } from './deadline.js';
import { NO_PROGRESS, progressBetween, type Progress, type ProgressCounts } from './progress.js';

export interface IdleDeadlineOptions {
  idleMs: number;
  /** The longest the wait may last while it keeps progressing (at least idleMs). */
  allowanceMs: number;
  /** The session's progress; without it, this is a plain deadline of idleMs. */
  progress?: Progress;
  /**
   * Asked when nothing moved for idleMs: true while the peer is still at work where nothing shows
   * yet (a proxy that has not taken its first request off the socket, a client whose processes are
   * still starting), as an interpreter on a loaded machine is. Such time is not silence; the
   * allowance bounds it.
   */
  working?: () => boolean;
}

export type DeadlineEnd =
  /** Nothing moved for `idleMs`; `before` is what moved earlier in the same wait, over `waitedMs` in all. */
  | { kind: 'stalled'; idleMs: number; waitedMs: number; before: ProgressCounts }
  /** Still moving when the allowance ran out: what moved during the wait, and how long ago it last did. */
  | { kind: 'progressing'; allowanceMs: number; moved: ProgressCounts; quietMs: number };

export interface IdleDeadline extends Deadline {
  /** How the deadline fired, or null while it has not (a parent's abort is not the deadline). */
  ended(): DeadlineEnd | null;
}

/** One wait's clock: when it began, when it last restarted, and what had moved before it. */
interface WaitClock {
  idleMs: number;
  allowanceMs: number;
  working: (() => boolean) | undefined;
  started: number;
  /** When the wait last restarted: something moved, or the peer was still at work. */
  last: number;
  /** When something last moved. */
  lastMoved: number;
  first: ProgressCounts;
}

function startClock(options: Omit<IdleDeadlineOptions, 'progress'>, progress: Progress | undefined): WaitClock {
  const now = performance.now();
  const { idleMs, working } = options;
  return { idleMs, allowanceMs: Math.max(idleMs, options.allowanceMs), working, started: now, last: now, lastMoved: now, first: progress?.snapshot() ?? NO_PROGRESS };
}

/** How a wait stands at `now`: ended, and how, or when to look again (the timer checks, not each progress event). */
function judge(clock: WaitClock, progress: Progress | undefined, now: number): { end: DeadlineEnd } | { dueAt: number } {
  const { idleMs, allowanceMs, started } = clock;
  if (now - clock.last >= idleMs && clock.working?.() === true) clock.last = now;
  const moved = () => progressBetween(clock.first, progress?.snapshot() ?? NO_PROGRESS);
  if (now - clock.last >= idleMs) return { end: { kind: 'stalled', idleMs, waitedMs: Math.round(now - started), before: moved() } };
  // Out of allowance while only the peer's own work kept it going: nothing moved all along.
  if (now - started >= allowanceMs && now - clock.lastMoved >= idleMs) return { end: { kind: 'stalled', idleMs: Math.round(now - clock.lastMoved), waitedMs: Math.round(now - started), before: moved() } };
  if (now - started >= allowanceMs) return { end: { kind: 'progressing', allowanceMs, moved: moved(), quietMs: Math.round(now - clock.lastMoved) } };
  return { dueAt: Math.min(clock.last + idleMs, started + allowanceMs) };
}

function abortFor(end: DeadlineEnd, clock: WaitClock): DOMException {
  return new DOMException(end.kind === 'stalled' ? `nothing moved for ${clock.idleMs} ms` : `allowance of ${clock.allowanceMs} ms passed`, 'TimeoutError');
}

export function makeIdleDeadline(parent: AbortSignal, options: IdleDeadlineOptions): IdleDeadline {
  const { progress } = options;
  const controller = new AbortController();
  const clock = startClock(options, progress);
  let end: DeadlineEnd | null = null;
  const onParentAbort = () => controller.abort(parent.reason);
  if (parent.aborted) controller.abort(parent.reason);
  else parent.addEventListener('abort', onParentAbort, { once: true });
  const unwatch = progress?.watch(() => (clock.last = clock.lastMoved = performance.now())) ?? (() => {});
  let timer: NodeJS.Timeout;
  const fire = (): void => {
    const now = performance.now();
    const judged = judge(clock, progress, now);
    if ('dueAt' in judged) {
      timer = setTimeout(fire, Math.max(1, judged.dueAt - now));
      return;
    }
    end = judged.end;
    unwatch();
    controller.abort(abortFor(end, clock));
  };
  timer = setTimeout(fire, clock.idleMs);
  return {
    signal: controller.signal,
    ended: () => end,
    clear() {
      clearTimeout(timer);
      unwatch();
      parent.removeEventListener('abort', onParentAbort);
    },
  };
}

/**
 * Idle deadlines for one wait after another on one session (a client's requests). Every wait until
 * one fires shares a signal, a listener on the parent and one timer that looks in now and then, where
 * makeIdleDeadline makes an AbortController, a timer and three listeners per wait: after the system
 * calls, that was a round trip's largest cost. A wait that begins while another runs gets a deadline
 * of its own.
 */
export class SequentialIdleDeadlines {
  private controller: AbortController | null = null;
  private timer: NodeJS.Timeout | null = null;
  private timerDueAt = 0;
  private clock: WaitClock | null = null;
  private end: DeadlineEnd | null = null;
  private readonly handle: IdleDeadline;

  constructor(
    private readonly parent: AbortSignal,
    private readonly progress?: Progress,
  ) {
    progress?.watch(() => {
      if (this.clock !== null) this.clock.last = this.clock.lastMoved = performance.now();
    });
    const self = this;
    this.handle = {
      get signal() {
        return (self.controller as AbortController).signal;
      },
      ended: () => this.end,
      clear: () => this.stop(),
    };
  }

  /** Starts a wait; `progress` is the one given to the constructor. */
  start(options: Omit<IdleDeadlineOptions, 'progress'>): IdleDeadline {
    if (this.clock !== null) return makeIdleDeadline(this.parent, { ...options, ...(this.progress ? { progress: this.progress } : {}) });
    if (this.controller === null || this.controller.signal.aborted) this.renewController();
    this.clock = startClock(options, this.progress);
    this.end = null;
    const dueAt = this.clock.started + this.clock.idleMs;
    // A timer due later than this wait's first look is set again; one due earlier looks in and sets itself on.
    if (this.timer !== null && this.timerDueAt > dueAt) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.timer === null) this.setTimer(dueAt, this.clock.started);
    else this.timer.ref();
    return this.handle;
  }

  private stop(): void {
    this.clock = null;
    // Between waits the timer holds no process up; it stops when it next looks in.
    this.timer?.unref();
  }

  private renewController(): void {
    const controller = new AbortController();
    this.controller = controller;
    if (this.parent.aborted) controller.abort(this.parent.reason);
    else {
      const onParentAbort = () => controller.abort(this.parent.reason);
      this.parent.addEventListener('abort', onParentAbort, { once: true });
      controller.signal.addEventListener('abort', () => this.parent.removeEventListener('abort', onParentAbort), { once: true });
    }
  }

  private setTimer(dueAt: number, now: number): void {
    this.timerDueAt = dueAt;
    this.timer = setTimeout(() => this.lookIn(), Math.max(1, dueAt - now));
  }

  private lookIn(): void {
    this.timer = null;
    const clock = this.clock;
    if (clock === null) return;
    const now = performance.now();
    const judged = judge(clock, this.progress, now);
    if ('dueAt' in judged) {
      this.setTimer(judged.dueAt, now);
      return;
    }
    this.end = judged.end;
    this.clock = null;
    this.controller?.abort(abortFor(judged.end, clock));
  }
}
