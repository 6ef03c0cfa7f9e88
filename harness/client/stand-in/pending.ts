// What a client that is still running at its deadline was waiting on, read from the live session
// records: a request without a reply (and, for FinishPipe, the writer it waits for), a payload pipe
// not yet drained, or a session nobody ended; and the verdict: a hang when nothing moved for the
// deadline, a failure naming what moved when the client kept progressing past its allowance.
import { describeProgress, hasMoved } from '../../transport/progress.js';
import type { Verdict } from '../../verdicts/verdict.js';
import type { ClientObservation, ObservedSession } from './observation.js';

/** The verdict on a client still running when its deadline fired, or null when it exited. */
export function verdictForClientDeadline(o: ClientObservation): Extract<Verdict, { status: 'hang' | 'fail' }> | null {
  if (o.exit !== null || o.pending === null) return null;
  const end = o.deadlineEnd;
  if (end?.kind === 'progressing') {
    return {
      status: 'fail',
      message: `the client was still running at the ${end.allowanceMs} ms allowance, though it was still progressing: ${describeProgress(end.moved, ['request', 'requests'])}; the last movement was ${end.quietMs} ms before the end, and it was waiting on ${o.pending}`,
    };
  }
  if (end?.kind === 'stalled') {
    const before = hasMoved(end.before) ? ` (before that, in ${end.waitedMs - end.idleMs} ms: ${describeProgress(end.before, ['request', 'requests'])})` : '';
    return { status: 'hang', message: `the client was still running when nothing had moved for ${end.idleMs} ms${before}, waiting on ${o.pending}`, pending: o.pending, waitedMs: end.waitedMs };
  }
  return { status: 'hang', message: `the client was still running after ${o.deadlineMs} ms, waiting on ${o.pending}`, pending: o.pending, waitedMs: o.deadlineMs };
}

export function describePending(sessions: readonly ObservedSession[]): string {
  if (sessions.length === 0) return 'nothing from the proxy: it never started one';
  const session = sessions.at(-1) as ObservedSession;
  if (session.end !== null) return `nothing from the proxy: its session had ended (${session.end.reason}), the client did not exit`;
  const unanswered = session.requests.find((r) => r.reply === null && r.method !== 'Shutdown');
  if (unanswered !== undefined) {
    const method = unanswered.method ?? 'an undecodable request';
    const pipeid = method === 'FinishPipe' ? Number(unanswered.args[0]) : NaN;
    const pipe = session.pipes.find((p) => p.pipeid === pipeid && p.pipeid !== 0);
    if (pipe !== undefined && pipe.closedSeq === null) {
      return `the reply to FinishPipe(${pipeid}), which waits for the proxy's ${pipe.method} writer; it has not finished writing the payload`;
    }
    return `the reply to ${method} (request ${session.requests.indexOf(unanswered) + 1})`;
  }
  const open = session.pipes.filter((p) => p.closedSeq === null);
  if (open.length > 0) return `EOF on ${open.map((p) => `the ${p.method} ${p.role} pipe${p.pipeid !== 0 ? ` ${p.pipeid}` : ''}`).join(', ')}, whose write end the proxy still holds`;
  return 'nothing from the proxy: every request was answered and every pipe closed, the session still open';
}
