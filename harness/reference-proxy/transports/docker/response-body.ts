// A registry response body as a BlobReader: chunks as they arrive, each read bounded by the idle
// timeout (armed only while waiting for the registry, never while the client is slow to drain), a
// reset worded as Go's read error (retryable), any other early end as `unexpected EOF` (other).
// Every byte that arrived before the break is read before the break is reported, as Go's Read
// returns them: a stream's async iterator would drop what it buffered once the error destroyed it.
import type http from 'node:http';
import { ProxyError } from '../../proxy-error.js';
import type { Faults } from '../../faults.js';
import type { BlobReader } from '../../image/source.js';
import { idleTimeoutError, networkError } from './registry-errors.js';

/** What the request saw on its connection, shared with the body reader. */
export interface Exchange {
  /** `host:port` the request went to. */
  host: string;
  /** `LOCAL->REMOTE` once connected, as Go names a TCP connection in errors. */
  connection: string | null;
  /** The first socket error (a reset arrives here before the body reports `aborted`). */
  error: Error | null;
}

const TIMED_OUT = Symbol('timed out');
/** Bytes taken off the connection ahead of the reader; past them the connection waits (TCP's own backpressure). */
const READ_AHEAD_BYTES = 1024 * 1024;

function isSocketReadError(error: unknown): boolean {
  const e = error as NodeJS.ErrnoException | null;
  return e !== null && typeof e === 'object' && e.syscall === 'read' && typeof e.code === 'string';
}

export class ResponseBody implements BlobReader {
  /** Bytes from the network: verified unless the registry-no-digest-check fault is on. */
  readonly remote = true;
  /** The body broke off and was ended as if complete (the registry-error-as-success fault). */
  brokeOff = false;
  /** The last read failed as a reset or an early end: what containers/image resumes with a Range request. */
  brokenMidway = false;
  private readonly arrived: Buffer[] = [];
  private arrivedBytes = 0;
  /** The body's end: complete, or the error that broke it; null while it goes on. */
  private ending: { error: unknown } | null = null;
  private wake: (() => void) | null = null;
  private done = false;
  private closed = false;
  private readonly onAbort = () => void this.close();

  constructor(
    private readonly res: http.IncomingMessage,
    private readonly exchange: Exchange,
    readonly size: number,
    readonly description: string,
    private readonly idleMs: number,
    private readonly signal: AbortSignal,
    private readonly faults: Faults,
  ) {
    res.on('data', (chunk: Buffer) => {
      this.arrived.push(chunk);
      this.arrivedBytes += chunk.length;
      if (this.arrivedBytes >= READ_AHEAD_BYTES) res.pause();
      this.notify();
    });
    res.on('end', () => this.end(null));
    res.on('error', (error) => this.end(error));
    // An early close that Node reports only as 'aborted' and 'close' (no 'error' on some versions).
    res.on('close', () => this.end(res.complete ? null : Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
    signal.addEventListener('abort', this.onAbort, { once: true });
  }

  private end(error: unknown): void {
    this.ending ??= { error };
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** The next chunk that arrived, or the body's end once every chunk before it was read. */
  private async next(): Promise<{ done: false; value: Buffer } | { done: true }> {
    for (;;) {
      const chunk = this.arrived.shift();
      if (chunk !== undefined) {
        this.arrivedBytes -= chunk.length;
        if (this.arrivedBytes < READ_AHEAD_BYTES && this.res.isPaused()) this.res.resume();
        return { done: false, value: chunk };
      }
      if (this.ending !== null) {
        if (this.ending.error !== null) throw this.ending.error;
        return { done: true };
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  async read(): Promise<Buffer | null> {
    if (this.done) return null;
    if (this.closed) throw new ProxyError(this.signal.aborted ? 'the session has ended' : `read ${this.description}: body closed`);
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), this.idleMs);
    });
    try {
      const next = await Promise.race([this.next(), idle]);
      if (next === TIMED_OUT) throw idleTimeoutError(this.exchange.connection ?? this.exchange.host, this.idleMs);
      if (next.done) {
        this.done = true;
        return null;
      }
      return next.value;
    } catch (error) {
      // The socket's reset can reach the request's error listener a moment after the body's end.
      if (this.exchange.error === null) await new Promise((resolve) => setImmediate(resolve));
      await this.close();
      const { failure, brokenMidway } = this.failure(error);
      this.brokenMidway = brokenMidway;
      if (this.faults.has('registry-error-as-success') && !this.signal.aborted) {
        this.brokeOff = true;
        return null;
      }
      throw failure;
    } finally {
      clearTimeout(timer);
    }
  }

  /** What a failed read is, and whether the body broke off midway (a reset or an early end), as containers/image resumes. */
  private failure(error: unknown): { failure: ProxyError; brokenMidway: boolean } {
    if (error instanceof ProxyError) return { failure: error, brokenMidway: false };
    if (this.signal.aborted) return { failure: new ProxyError('the session has ended'), brokenMidway: false };
    // A reset can also reach the body first: the socket's read error, not Node's 'aborted' of an early close.
    const socketError = (this.exchange.error ?? this.res.socket?.errored ?? (isSocketReadError(error) ? error : null)) as NodeJS.ErrnoException | null;
    if (socketError) return { failure: networkError(socketError, this.exchange.host, this.exchange.connection), brokenMidway: socketError.code === 'ECONNRESET' };
    // The peer closed before Content-Length or the last chunk: Go's io.ErrUnexpectedEOF.
    return { failure: new ProxyError('unexpected EOF'), brokenMidway: true };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.signal.removeEventListener('abort', this.onAbort);
    this.res.destroy();
  }
}
