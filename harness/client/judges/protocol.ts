// Judges of what the client said to the proxy, from the recorded sessions: order, methods, pipe
// ids, one request at a time, sizes, closed images, and how each session ended.
import { makeProtocolProfile } from '../../reference-proxy/session/protocol-profile.js';
import { MAX_REQUEST_BYTES } from '../../reference-proxy/index.js';
import type { Verdict } from '../../verdicts/verdict.js';
import type { Judge } from '../client-case.js';
import type { ObservedSession } from '../stand-in/observation.js';
import { quote } from '../../printable.js';

const fail = (message: string): Verdict => ({ status: 'fail', message });

/** A judge over each session; the client must have started at least one. */
function perSession(check: (s: ObservedSession, index: number) => Verdict | null): Judge {
  return ({ observation }) => {
    const served = observation.sessions.filter((s) => s.hello.refused === null);
    const refused = observation.sessions.find((s) => s.hello.refused !== null);
    if (served.length === 0) {
      return fail(refused ? `skopeo refused the client's command line: ${refused.hello.refused}` : 'the client never started the proxy (no `skopeo experimental-image-proxy` reached the stand-in)');
    }
    for (const [i, s] of served.entries()) {
      const verdict = check(s, i);
      if (verdict !== null) return served.length > 1 ? { ...verdict, message: `session ${i + 1}: ${(verdict as { message: string }).message}` } as Verdict : verdict;
    }
    return null;
  };
}

export const initializeFirstAndOnce: Judge = perSession((s) => {
  const first = s.requests[0];
  if (first === undefined) return null;
  if (first.method !== 'Initialize') return fail(`the first request was ${first.method ?? 'undecodable'}, not Initialize`);
  const again = s.requests.findIndex((r, i) => i > 0 && r.method === 'Initialize');
  return again < 0 ? null : fail(`Initialize was sent again as request ${again + 1}`);
});

export const onlyOfferedMethods: Judge = (input) => {
  const profile = makeProtocolProfile(input.profile.protocolVersion);
  return perSession((s) => {
    const newer = s.requests.find((r) => r.method !== null && !profile.serves(r.method));
    return newer ? fail(`${newer.method} was called against a proxy speaking ${profile.version}, which does not offer it`) : null;
  })(input);
};

export const finishPipeOncePerPipe: Judge = perSession((s) => {
  for (const pipe of s.pipes.filter((p) => p.role === 'payload' && p.pipeid !== 0)) {
    // Pipe ids are reused once finished: this pipe's calls come before the next pipe with its id.
    const next = s.pipes.find((p) => p.pipeid === pipe.pipeid && p.openedSeq > pipe.openedSeq)?.openedSeq ?? Infinity;
    const finishes = s.requests.filter((r) => r.method === 'FinishPipe' && Number(r.args[0]) === pipe.pipeid && r.seq > pipe.openedSeq && r.seq < next).length;
    if (finishes !== 1) return fail(`the ${pipe.method} pipe ${pipe.pipeid} got ${finishes === 0 ? 'no FinishPipe' : `${finishes} FinishPipe calls`}, not exactly one`);
  }
  return null;
});

export const noFinishPipeZeroOrRaw: Judge = perSession((s) => {
  const index = s.requests.findIndex((r) => r.method === 'FinishPipe' && Number(r.args[0]) === 0);
  if (index < 0) return null;
  const before = s.requests.slice(0, index).reverse().find((r) => r.method !== 'FinishPipe');
  return fail(`FinishPipe was sent with pipeid 0${before?.method === 'GetRawBlob' ? ', after GetRawBlob (whose pipes need no FinishPipe)' : ''}`);
});

/** FinishPipe on a payload nobody reads waits for a writer blocked on a full pipe: a deadlock. */
export const readsPayloadDuringFinishPipe: Judge = perSession((s) => {
  for (const r of s.requests.filter((q) => q.method === 'FinishPipe')) {
    const pipe = [...s.pipes].reverse().find((p) => p.pipeid === Number(r.args[0]) && p.role === 'payload' && p.openedSeq < r.seq);
    if (pipe === undefined || (pipe.closedSeq !== null && pipe.closedSeq < r.seq)) continue;
    // Unanswered, or answered only because the client gave up and closed the pipe unread (EPIPE).
    if (r.reply !== null && pipe.writeError === null) continue;
    const pending = `the reply to FinishPipe(${pipe.pipeid}), which waits for the ${pipe.method} writer`;
    return {
      status: 'hang',
      message: `deadlock: FinishPipe(${pipe.pipeid}) was sent before the ${pipe.method} payload was drained, so the proxy's writer blocked on the full pipe and FinishPipe could not return while the client waited (read the pipe while FinishPipe is in flight)`,
      pending,
      waitedMs: 0,
    };
  }
  return null;
});

export const oneRequestInFlight: Judge = perSession((s) => {
  const first = s.overlapping[0];
  return first ? fail(`${first.method} was sent while ${first.pending.join(', ')} still waited for its reply (one request in flight at a time)`) : null;
});

export const requestsWithin32KiB: Judge = perSession((s) => {
  // As the client sent it (the relay saw its real size), whatever became of it on the way.
  const big = s.arrived.find((r) => r.size > MAX_REQUEST_BYTES) ?? s.requests.find((r) => r.size > MAX_REQUEST_BYTES);
  if (big === undefined) return null;
  const method = 'method' in big && typeof big.method === 'string' && !big.method.startsWith('(') ? `${big.method} request` : 'request';
  return fail(`${/^[AEIOU]/.test(method) ? 'an' : 'a'} ${method} of ${big.size} bytes (${(big.size / 1024).toFixed(1)} KiB) exceeds the proxy's ${MAX_REQUEST_BYTES}-byte receive buffer (skopeo cuts it and answers the cut request)`);
});

const IMAGE_METHODS = new Set(['CloseImage', 'GetManifest', 'GetConfig', 'GetFullConfig', 'GetBlob', 'GetRawBlob', 'GetLayerInfo', 'GetLayerInfoPiped']);

export const idsSentBackAsGiven: Judge = perSession((s) => {
  const images = new Set<number>();
  const pipes = new Set<number>();
  for (const r of s.requests) {
    const id = Number(r.args[0]);
    if (r.method !== null && IMAGE_METHODS.has(r.method) && !images.has(id)) return fail(`${r.method} named image ${quote(r.args[0])}, which no OpenImage returned`);
    if (r.method === 'FinishPipe' && id !== 0 && !pipes.has(id)) return fail(`FinishPipe named pipe ${quote(r.args[0])}, which no reply carried`);
    if (r.reply?.success && (r.method === 'OpenImage' || r.method === 'OpenImageOptional')) images.add(Number(r.reply.value));
    if (r.reply?.success && r.reply.pipeid !== 0) pipes.add(r.reply.pipeid);
  }
  return null;
});

export const closesEveryImage: Judge = perSession((s) => {
  const opened = s.requests.filter((r) => r.reply?.success && (r.method === 'OpenImage' || r.method === 'OpenImageOptional') && Number(r.reply.value) !== 0).map((r) => Number(r.reply?.value));
  const closed = new Set(s.requests.filter((r) => r.method === 'CloseImage').map((r) => Number(r.args[0])));
  const left = opened.filter((id) => !closed.has(id));
  return left.length > 0 ? fail(`image ${left.join(', ')} was opened and never closed with CloseImage`) : null;
});

export const endsSessionAndWaits: Judge = perSession((s) => {
  if (s.end === null || s.end.reason === 'aborted') return fail('the session never ended: the client neither sent Shutdown nor closed its socket');
  if (s.orphaned === true) {
    const how = s.end.reason === 'eof' ? 'the session ended only by EOF, without Shutdown, and ' : '';
    return fail(`${how}the client exited without waiting for its proxy process to exit (the stand-in was orphaned)`);
  }
  return null;
});
