// What a client that is still running at its deadline was waiting on, read from the live session
// records: a request without a reply (and, for FinishPipe, the writer it waits for), a payload pipe
// not yet drained, or a session nobody ended.
import type { ObservedSession } from './observation.js';

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
