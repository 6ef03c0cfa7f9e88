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

export function makeIdleDeadline(parent: AbortSignal, options: IdleDeadlineOptions): IdleDeadline {
  const { idleMs, progress } = options;
  const allowanceMs = Math.max(idleMs, options.allowanceMs);
  const controller = new AbortController();
  const started = performance.now();
  const first = progress?.snapshot() ?? NO_PROGRESS;
  let last = started;
  /** When something last moved; `last` also restarts while the peer is still at work. */
  let lastMoved = started;
  let end: DeadlineEnd | null = null;
  const onParentAbort = () => controller.abort(parent.reason);
  if (parent.aborted) controller.abort(parent.reason);
  else parent.addEventListener('abort', onParentAbort, { once: true });
  // A timer per progress event would cost more than the events: the timer checks when it fires.
  const unwatch = progress?.watch(() => (last = lastMoved = performance.now())) ?? (() => {});
  let timer: NodeJS.Timeout;
  const fire = (): void => {
    const now = performance.now();
    if (now - last >= idleMs && options.working?.() === true) last = now;
    const moved = progressBetween(first, progress?.snapshot() ?? NO_PROGRESS);
    if (now - last >= idleMs) end = { kind: 'stalled', idleMs, waitedMs: Math.round(now - started), before: moved };
    // Out of allowance while only the peer's own work kept it going: nothing moved all along.
    else if (now - started >= allowanceMs && now - lastMoved >= idleMs) end = { kind: 'stalled', idleMs: Math.round(now - lastMoved), waitedMs: Math.round(now - started), before: moved };
    else if (now - started >= allowanceMs) end = { kind: 'progressing', allowanceMs, moved, quietMs: Math.round(now - lastMoved) };
    else {
      timer = setTimeout(fire, Math.max(1, Math.min(last + idleMs, started + allowanceMs) - now));
      return;
    }
    unwatch();
    controller.abort(new DOMException(end.kind === 'stalled' ? `nothing moved for ${idleMs} ms` : `allowance of ${allowanceMs} ms passed`, 'TimeoutError'));
  };
  timer = setTimeout(fire, idleMs);
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
