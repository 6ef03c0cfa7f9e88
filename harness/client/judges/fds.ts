// Judges of the client's fd table, from the snapshots taken at each request and at the session's
// end: pipe read ends released once done with, and the proxy's end of the socketpair not kept.
import type { Verdict } from '../../verdicts/verdict.js';
import type { Judge } from '../client-case.js';
import { fdsPointingAt, type FdTable } from '../../transport/fd-inspect.js';
import type { ObservedPipe, ObservedRequest, ObservedSession } from '../stand-in/observation.js';

const fail = (message: string): Verdict => ({ status: 'fail', message });

function heldAt(table: FdTable | null, target: string | null): number | null {
  if (table === null || target === null) return null;
  return fdsPointingAt(table, target)[0] ?? null;
}

/** `request 7 (GetBlob)`: where in the session an fd table was read. */
function at(s: ObservedSession, r: ObservedRequest): string {
  return `request ${s.requests.indexOf(r) + 1} (${r.method ?? 'undecodable'})`;
}

/** Whether the client let go of `target` after request `since`: by which request, or still at the end. */
function laterFate(s: ObservedSession, since: ObservedRequest, target: string | null): string {
  const released = s.requests.find((q) => q.seq > since.seq && q.fds !== null && heldAt(q.fds, target) === null);
  if (released !== undefined) return `; it had released it by ${at(s, released)}`;
  if (s.endFds !== null && heldAt(s.endFds, target) === null) return '; it had released it by the session\'s end';
  return s.endFds !== null ? '; it still held it when the session ended' : '; whether it released it later was not seen (the session\'s end was not observed)';
}

function leakIn(s: ObservedSession, pipe: ObservedPipe): string | null {
  const name = `the ${pipe.method} ${pipe.role === 'payload' ? `pipe ${pipe.pipeid}` : pipe.role === 'raw-data' ? 'data pipe' : 'error pipe'}`;
  if (pipe.role === 'payload' && pipe.finishedSeq !== null) {
    const finished = s.requests.filter((q) => q.seq < (pipe.finishedSeq as number) && q.method === 'FinishPipe').at(-1);
    for (const r of s.requests.filter((q) => q.seq > (pipe.finishedSeq as number))) {
      const fd = heldAt(r.fds, pipe.target);
      if (fd !== null) return `the client still held the read end of ${name} (its fd ${fd}) at ${at(s, r)}, after that pipe's FinishPipe${finished !== undefined ? ` (${at(s, finished)})` : ''}${laterFate(s, r, pipe.target)}`;
    }
  }
  const fd = heldAt(s.endFds, pipe.target);
  if (fd !== null && (pipe.closedSeq !== null || pipe.finishedSeq !== null)) return `the client still held the read end of ${name} (its fd ${fd}) when the session ended, after ${s.requests.length} requests`;
  return null;
}

export const releasesPipeReadEnds: Judge = ({ observation }) => {
  for (const s of observation.sessions) {
    for (const pipe of s.pipes) {
      const leak = leakIn(s, pipe);
      if (leak !== null) return fail(leak);
    }
  }
  return observation.sessions.length === 0 ? fail('the client never started the proxy') : null;
};

export const closesProxySocketEnd: Judge = ({ observation }) => {
  for (const s of observation.sessions) {
    for (const r of s.requests) {
      const fd = heldAt(r.fds, s.proxySocketTarget);
      if (fd !== null) return fail(`the client kept its copy of the proxy's end of the socketpair (its fd ${fd}, seen at ${at(s, r)}${laterFate(s, r, s.proxySocketTarget)}): a dead proxy then never shows as EOF`);
    }
    const fd = heldAt(s.endFds, s.proxySocketTarget);
    if (fd !== null) return fail(`the client kept its copy of the proxy's end of the socketpair (its fd ${fd}, seen when the session ended): a dead proxy then never shows as EOF`);
  }
  return observation.sessions.length === 0 ? fail('the client never started the proxy') : null;
};
