// Judges of the client's fd table, from the snapshots taken at each request and at the session's
// end: pipe read ends released once done with, and the proxy's end of the socketpair not kept.
import type { Verdict } from '../../verdicts/verdict.js';
import type { Judge } from '../client-case.js';
import { fdsPointingAt, type FdTable } from '../../transport/fd-inspect.js';
import type { ObservedPipe, ObservedSession } from '../observation.js';

const fail = (message: string): Verdict => ({ status: 'fail', message });

function heldAt(table: FdTable | null, target: string | null): number | null {
  if (table === null || target === null) return null;
  return fdsPointingAt(table, target)[0] ?? null;
}

function leakIn(s: ObservedSession, pipe: ObservedPipe): string | null {
  const name = `the ${pipe.method} ${pipe.role === 'payload' ? `pipe ${pipe.pipeid}` : pipe.role === 'raw-data' ? 'data pipe' : 'error pipe'}`;
  if (pipe.role === 'payload' && pipe.finishedSeq !== null) {
    for (const r of s.requests.filter((q) => q.seq > (pipe.finishedSeq as number))) {
      const fd = heldAt(r.fds, pipe.target);
      if (fd !== null) return `the client still held the read end of ${name} (its fd ${fd}) at ${r.method ?? 'a request'}, after that pipe's FinishPipe`;
    }
  }
  const fd = heldAt(s.endFds, pipe.target);
  if (fd !== null && (pipe.closedSeq !== null || pipe.finishedSeq !== null)) return `the client still held the read end of ${name} (its fd ${fd}) when the session ended`;
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
    for (const table of [...s.requests.map((r) => r.fds), s.endFds]) {
      const fd = heldAt(table, s.proxySocketTarget);
      if (fd !== null) return fail(`the client kept its copy of the proxy's end of the socketpair (its fd ${fd}): a dead proxy then never shows as EOF`);
    }
  }
  return observation.sessions.length === 0 ? fail('the client never started the proxy') : null;
};
