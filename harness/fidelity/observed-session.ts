// What one implementation did in one case, reduced to what two implementations can be compared on:
// per request, the method and the reply (success, the value's shape, error_code, the error text with
// run-specific parts normalised, fd kinds), then the payloads, timeouts, EOF and exit. Ids, ports,
// temp paths and digests in error text differ between any two runs and say nothing of fidelity.
import { tmpdir } from 'node:os';
import type { TranscriptEvent } from '../protocol/transcript.js';

export interface ObservedRequest {
  method: string;
  /** The reply as compared, or null when none came (see `waited`). */
  reply: ObservedReply | null;
  /** What the harness waited for in vain while this request was the last one sent. */
  waited: string[];
}

export interface ObservedReply {
  success: boolean | null;
  /** The value's JSON shape: types, object keys, zero vs non-zero numbers, empty vs other strings. */
  value: string;
  /** Whether a pipe id came back (its number is the implementation's own). */
  pipe: boolean;
  errorCode: string | null;
  error: string;
  fds: string[];
  /** Not a JSON object: the raw text, normalised. */
  unparsed?: string;
}

export interface ObservedSession {
  requests: ObservedRequest[];
  /** Payloads read from pipes, as bytes, digest and how the read ended, in a canonical order. */
  payloads: string[];
  /** The socket reached EOF (the implementation closed it or exited). */
  eof: boolean;
  exit: string | null;
}

/** One pipe a reply handed over (pipe ids are the proxy's fd numbers, so an id comes back). */
interface PipeInstance {
  finish: ObservedRequest | null;
  /** How reading it ended, once a payload was recorded for it. */
  end: string | null;
  /** Its payload as read, once recorded. */
  payload: { bytes: number; sha256: string; end: string } | null;
}

export function observeSession(transcript: readonly TranscriptEvent[]): ObservedSession {
  const requests: ObservedRequest[] = [];
  const payloads: Array<{ bytes: number; sha256: string; end: string; pipe: PipeInstance | undefined }> = [];
  const pipes: PipeInstance[] = [];
  const latest = new Map<number, PipeInstance>();
  let eof = false;
  let exit: string | null = null;
  for (const e of transcript) {
    const current = requests.at(-1);
    if (e.event === 'send') {
      const request: ObservedRequest = { method: methodOf(e.text), reply: null, waited: [] };
      requests.push(request);
      const pipeid = request.method === 'FinishPipe' ? /"args"\s*:\s*\[\s*(\d+)/.exec(e.text ?? '')?.[1] : undefined;
      const pipe = pipeid === undefined ? undefined : latest.get(Number(pipeid));
      if (pipe !== undefined && pipe.finish === null) pipe.finish = request;
    } else if (e.event === 'recv') {
      const reply = observeReply(e.text ?? '', e.fds);
      if (current !== undefined && current.reply === null) current.reply = reply;
      else requests.push({ method: '(unrequested reply)', reply, waited: [] });
      const pipeid = /"pipeid"\s*:\s*(\d+)/.exec(e.text ?? '')?.[1];
      if (pipeid !== undefined && pipeid !== '0' && reply.success === true) {
        const pipe: PipeInstance = { finish: null, end: null, payload: null };
        pipes.push(pipe);
        latest.set(Number(pipeid), pipe);
      }
    } else if (e.event === 'timeout') current?.waited.push(e.pending);
    else if (e.event === 'payload') {
      const pipe = latest.get(e.pipeid);
      payloads.push({ bytes: e.bytes, sha256: e.sha256, end: e.end, pipe });
      if (pipe !== undefined && pipe.end === null) pipe.end = e.end;
    } else if (e.event === 'eof') eof = true;
    else if (e.event === 'exit') exit = e.signal !== null ? `signal ${e.signal}` : `code ${e.code}`;
  }
  // Only a pipe read to EOF makes a broken pipe mean something.
  for (const pipe of pipes) if (pipe.finish !== null && pipe.end !== 'eof') collapseUnreadFinish(pipe.finish);
  return { requests, payloads: payloads.map(describePayload).sort(), eof, exit };
}

/**
 * A payload as compared: its size, digest and end; but for one whose FinishPipe then failed, only
 * that it was cut short. How many bytes reach the reader before a broken upstream's error is the
 * network's timing (a TCP reset discards what the proxy had not read yet), not the proxy's choice.
 */
function describePayload(p: { bytes: number; sha256: string; end: string; pipe: PipeInstance | undefined }): string {
  if (p.pipe?.finish?.reply?.success === false) return `cut short: FinishPipe failed, ${p.end}`;
  return `${p.bytes} bytes, ${p.sha256.replace(/^(sha256:)?/, 'sha256:').slice(0, 19)}, ${p.end}`;
}

/**
 * FinishPipe on a pipe the client closed before its end (unread, or read in part): skopeo's writer
 * goroutine races the close (returnBytes, io.Copy), so success and `broken pipe` are both its
 * answers, on any release, as they are the reference proxy's; they compare alike.
 */
function collapseUnreadFinish(request: ObservedRequest): void {
  const reply = request.reply;
  if (reply === null || !(reply.success === true || /broken pipe/.test(reply.error))) return;
  request.reply = { ...reply, success: true, errorCode: null, error: '(success or broken pipe: the write races the close)' };
}

function methodOf(text: string | undefined): string {
  const named = /"method"\s*:\s*"([^"]{0,60})"/.exec(text ?? '');
  return named?.[1] ?? '(no method)';
}

function observeReply(text: string, fds: readonly string[]): ObservedReply {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { success: null, value: '', pipe: false, errorCode: null, error: '', fds: [...fds], unparsed: normaliseText(text) };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { success: null, value: shapeOf(parsed), pipe: false, errorCode: null, error: '', fds: [...fds] };
  }
  const r = parsed as Record<string, unknown>;
  return {
    success: typeof r.success === 'boolean' ? r.success : null,
    value: shapeOf(r.value),
    pipe: typeof r.pipeid === 'number' && r.pipeid !== 0,
    errorCode: typeof r.error_code === 'string' ? r.error_code : null,
    error: typeof r.error === 'string' ? normaliseText(r.error) : '',
    fds: [...fds],
  };
}

/** A value's JSON shape, e.g. `[{digest:string,media_type:string,size:number}]`. */
export function shapeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${[...new Set(value.map(shapeOf))].sort().join('|')}]`;
  switch (typeof value) {
    case 'string':
      return value === '' ? '""' : 'string';
    case 'number':
      return value === 0 ? '0' : 'number';
    case 'boolean':
      return String(value);
    case 'object':
      return `{${Object.keys(value as object).sort().map((k) => `${k}:${shapeOf((value as Record<string, unknown>)[k])}`).join(',')}}`;
    default:
      return typeof value;
  }
}

const TEMP_ROOTS = [...new Set([tmpdir(), '/tmp', '/var/tmp'])].map((d) => d.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
const TEMP_PATH = new RegExp(`(?:${TEMP_ROOTS.join('|')})/[^\\s"':]*`, 'g');

/** Error text with what differs between any two runs replaced: temp paths, loopback ports, digests, numbers of ids, timings. */
export function normaliseText(text: string): string {
  return text
    .replace(TEMP_PATH, '<temp>')
    .replace(/\b(127\.0\.0\.1|localhost|\[::1\]):\d+/g, '$1:<port>')
    .replace(/\bsha256:[0-9a-f]{64}\b/g, 'sha256:<digest>')
    .replace(/\b(image|pipe|id|ID)( id)? \d+\b/g, '$1$2 <n>')
    // containers/image's reconnect decision carries its timings and byte counts: `total 200000
    // @1954.276 ms`. How many bytes arrived before a reset is timing too: the bytes still in flight
    // when the connection is reset are lost, more or fewer by how fast the reader was.
    .replace(/\b\d+ @ ?(?:[\d.]+|NaN) ms/g, '<bytes> @<t> ms')
    .replace(/@ ?(?:[\d.]+|NaN) ms/g, '@<t> ms');
}
