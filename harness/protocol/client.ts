// JSON requests and replies over a PacketSocket: one request per packet, one reply per packet,
// payload fds in the reply's SCM_RIGHTS. A missing reply is an outcome, never an exception.
import { isAbortError } from '../errors.js';
import { makeDeadline } from '../transport/deadline.js';
import { describeFd } from '../transport/fd-inspect.js';
import { SequentialIdleDeadlines, type DeadlineEnd } from '../transport/idle-deadline.js';
import type { PacketSocket } from '../transport/packet-socket.js';
import { Progress } from '../transport/progress.js';
import type { Transcript } from './transcript.js';
import { jsonDepth } from '../json-depth.js';

/** A reply envelope as the protocol defines it (0.2.8 adds error_code). */
export interface Reply {
  success: boolean;
  value: unknown;
  pipeid: number;
  error: string;
  error_code?: string;
}

export interface ReplyOutcome {
  kind: 'reply';
  /** The parsed JSON, whatever its shape (schema checks judge it). */
  json: unknown;
  /** The JSON as a reply envelope when it has the envelope's keys, else null. */
  reply: Reply | null;
  raw: Buffer;
  /** Why the text was not parsed: not JSON, or (with `refused`) nested beyond what the harness reads. */
  parseError?: string;
  refused?: true;
  /** Received fds, owned by the socket until released or closed. */
  fds: number[];
  size: number;
  truncated: boolean;
  ctruncated: boolean;
  elapsedMs: number;
}

export type CallOutcome =
  | ReplyOutcome
  | { kind: 'eof'; elapsedMs: number }
  /** `end`: how a call's deadline fired (nothing moved, or still moving at the allowance); absent for a bare wait. */
  | { kind: 'timeout'; elapsedMs: number; end?: DeadlineEnd };

interface CallOptions {
  /** How long the reply may take while nothing moves in the session. */
  timeoutMs: number;
  /** How long it may take while the session keeps progressing (default: timeoutMs, a fixed deadline). */
  allowanceMs?: number;
  fds?: readonly number[];
}

export class ProxyClient {
  /** The last wait for a reply timed out: the peer left a request unanswered (and will not read Shutdown). */
  leftUnanswered = false;
  /** Some packet came back in this session: the implementation is past its start-up. */
  private replied = false;
  /** What moved in the session: replies here, pipe bytes and upstream requests reported by their readers. */
  readonly progress = new Progress();
  /** Each call's deadline: one after another, they share a signal and a timer. */
  private readonly deadlines: SequentialIdleDeadlines;

  constructor(
    readonly socket: PacketSocket,
    readonly transcript: Transcript,
    /** The session's signal (Ctrl-C), which every wait of the session watches. */
    readonly sessionSignal: AbortSignal,
  ) {
    this.deadlines = new SequentialIdleDeadlines(sessionSignal, this.progress);
  }

  /** Sends `{method, args}` and waits for the reply. */
  call(method: string, args: unknown[] | undefined, options: CallOptions): Promise<CallOutcome> {
    const request = args === undefined ? { method } : { method, args };
    return this.exchange(Buffer.from(JSON.stringify(request)), options);
  }

  /** Sends arbitrary bytes as one packet and waits for a reply (the fuzzer's entry point). */
  async exchange(data: Buffer, options: CallOptions): Promise<CallOutcome> {
    const started = performance.now();
    // Until the first reply, a request the implementation has not read yet means it is still starting.
    const working = this.replied ? undefined : () => this.requestUnread();
    const deadline = this.deadlines.start({ idleMs: options.timeoutMs, allowanceMs: options.allowanceMs ?? options.timeoutMs, ...(working ? { working } : {}) });
    try {
      const outcome = await this.sendThenReceive(data, options, started, deadline.signal);
      const end = deadline.ended();
      return outcome.kind === 'timeout' && end !== null ? { ...outcome, end } : outcome;
    } finally {
      deadline.clear();
    }
  }

  private async sendThenReceive(data: Buffer, options: CallOptions, started: number, signal: AbortSignal): Promise<CallOutcome> {
    try {
      await this.send(data, options.fds ?? [], signal);
    } catch (error) {
      if (isPeerGone(error)) {
        this.transcript.add({ event: 'eof' });
        return { kind: 'eof', elapsedMs: performance.now() - started };
      }
      if (!isAbortError(error) && !signal.aborted) throw error;
      // Progress may have stretched the wait past timeoutMs: record what it took.
      this.transcript.add({ event: 'timeout', waitedMs: Math.round(performance.now() - started), pending: 'send (peer not reading)' });
      this.leftUnanswered = true;
      return { kind: 'timeout', elapsedMs: performance.now() - started };
    }
    return this.receiveReply(options.timeoutMs, started, signal);
  }

  /** Our last packet still waits in the socket, not yet read by the implementation. */
  private requestUnread(): boolean {
    try {
      return !this.socket.isClosed && this.socket.queuedBytes().out > 0;
    } catch {
      return false;
    }
  }

  /** Sends one packet without waiting for a reply (pipelining, Shutdown). */
  async send(data: Buffer, fds: readonly number[] = [], signal?: AbortSignal): Promise<void> {
    await this.socket.send(data, fds, signal ?? this.sessionSignal);
    this.transcript.recordSend(data, fds.length);
  }

  /**
   * Waits for a packet where none is owed (a stray-reply check): a timeout here is the expected
   * answer, so it does not mark the peer as having left a request unanswered.
   */
  async expectSilence(withinMs: number): Promise<CallOutcome> {
    const before = this.leftUnanswered;
    const outcome = await this.receiveReply(withinMs);
    if (outcome.kind === 'timeout') this.leftUnanswered = before;
    return outcome;
  }

  /** Waits for the next reply packet. */
  async receiveReply(timeoutMs: number, started = performance.now(), signal?: AbortSignal): Promise<CallOutcome> {
    if (signal === undefined) {
      const deadline = makeDeadline(this.sessionSignal, timeoutMs);
      try {
        return await this.receiveReply(timeoutMs, started, deadline.signal);
      } finally {
        deadline.clear();
      }
    }
    let packet;
    try {
      packet = await this.socket.receive(signal);
    } catch (error) {
      if (!isAbortError(error) && !signal.aborted) throw error;
      this.transcript.add({ event: 'timeout', waitedMs: Math.max(timeoutMs, Math.round(performance.now() - started)), pending: 'reply' });
      this.leftUnanswered = true;
      return { kind: 'timeout', elapsedMs: performance.now() - started };
    }
    const elapsedMs = performance.now() - started;
    this.leftUnanswered = false;
    if (packet.kind === 'eof') {
      this.transcript.add({ event: 'eof' });
      return { kind: 'eof', elapsedMs };
    }
    this.progress.packet();
    this.replied = true;
    const fdKinds = packet.fds.map(describeFd);
    this.transcript.recordReceive(packet.data, packet.size, fdKinds, packet.truncated);
    let json: unknown;
    let parseError: string | undefined;
    const text = packet.data.toString('utf8');
    const depth = jsonDepth(text, MAX_REPLY_DEPTH);
    if (depth > MAX_REPLY_DEPTH) {
      parseError = `the reply nests deeper than ${MAX_REPLY_DEPTH} levels, which the harness does not read; no reply of the protocol nests beyond a few`;
    } else {
      try {
        json = JSON.parse(text);
      } catch (error) {
        parseError = (error as Error).message;
      }
    }
    return {
      kind: 'reply',
      json,
      reply: asReply(json),
      raw: packet.data,
      ...(parseError !== undefined ? { parseError } : {}),
      ...(depth > MAX_REPLY_DEPTH ? { refused: true as const } : {}),
      fds: packet.fds,
      size: packet.size,
      truncated: packet.truncated,
      ctruncated: packet.ctruncated,
      elapsedMs,
    };
  }

}

/**
 * Nesting deeper than this is refused before parsing: every check walks a reply's value, and a value
 * 10 000 deep would overflow the stack of whichever walked it first (a harness error, not a verdict).
 */
export const MAX_REPLY_DEPTH = 512;


/** The peer closed its end before our request went out. */
function isPeerGone(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'EPIPE' || code === 'ECONNRESET';
}

function asReply(json: unknown): Reply | null {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null;
  const r = json as Record<string, unknown>;
  if (typeof r.success !== 'boolean' || typeof r.pipeid !== 'number' || typeof r.error !== 'string') return null;
  return r as unknown as Reply;
}
