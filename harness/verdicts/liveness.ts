// The verdict of a wait that ran out: a hang when nothing moved for the idle deadline, a failure
// naming what moved when the wait kept progressing until its allowance ran out.
import type { DeadlineEnd } from '../transport/idle-deadline.js';
import { describeProgress, hasMoved, type PacketNoun } from '../transport/progress.js';
import type { Verdict } from './verdict.js';

export interface WaitOutcome {
  /** What did not happen, as the message begins: `no reply to FinishPipe`. */
  what: string;
  /** What the wait was for, as a hang's `pending`. */
  pending: string;
  /** The deadline the wait had (the idle deadline when `end` is given). */
  timeoutMs: number;
  /** How the deadline fired; absent for a fixed deadline. */
  end?: DeadlineEnd;
  /** What a packet on the socket is in this wait (default: a reply). */
  packet?: PacketNoun;
}

export function verdictForWait(w: WaitOutcome): Extract<Verdict, { status: 'hang' | 'fail' }> {
  const { end, packet = ['reply', 'replies'] } = w;
  if (end === undefined) return { status: 'hang', message: `${w.what} within ${w.timeoutMs} ms`, pending: w.pending, waitedMs: w.timeoutMs };
  if (end.kind === 'stalled') {
    const before = hasMoved(end.before) ? ` (before that, in ${end.waitedMs - end.idleMs} ms: ${describeProgress(end.before, packet)})` : '';
    return { status: 'hang', message: `${w.what}: nothing moved for ${end.idleMs} ms${before}`, pending: w.pending, waitedMs: end.waitedMs };
  }
  return {
    status: 'fail',
    message: `${w.what} within the ${end.allowanceMs} ms allowance, though it was still progressing: ${describeProgress(end.moved, packet)}; the last movement was ${end.quietMs} ms before the end`,
  };
}
