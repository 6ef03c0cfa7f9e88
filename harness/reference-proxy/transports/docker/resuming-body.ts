// A blob body that survives a broken connection the way containers/image's bodyReader does (5.34 in
// skopeo 1.18, 5.39 in 1.22: docker/body_reader.go, Read and errorIfNotReconnecting). After a reset or
// an early end it asks for the rest with `Range: bytes=N-` (after a pause of about a second): the
// first time always; later only when at least 1 MiB arrived since the last reconnection, or a minute
// has passed since it. Only a 206 whose Content-Range starts at N (and runs to the end of the blob)
// continues the blob. So an upstream that breaks every reconnection without progress ends in an
// error after one reconnection, never in a loop.
import { setTimeout as sleep } from 'node:timers/promises';
import { ProxyError } from '../../proxy-error.js';
import type { Faults } from '../../faults.js';
import type { BlobReader } from '../../image/source.js';
import type { RegistryResponse } from './registry-request.js';
import type { ResponseBody } from './response-body.js';
import { statusErrorText } from './registry-errors.js';

/** Progress since the last reconnection that is always worth another one (bodyReaderMinimumProgress). */
const MIN_PROGRESS_BYTES = 1024 * 1024;
/** Time since the last reconnection after which another one is tried whatever the progress. */
const MIN_MS_SINCE_LAST_RETRY = 60_000;
/** containers/image pauses a second (plus up to 100 ms of jitter) before reconnecting. */
export const RECONNECT_PAUSE_MS = 1000;

/** first-last/complete of a `bytes first-last/complete` Content-Range (complete -1 for `*`), or an error's words. */
export function parseContentRange(header: string | string[] | undefined): { first: number; last: number; complete: number } | string {
  if (header === undefined) return 'missing Content-Range: header';
  if (Array.isArray(header)) return `ambiguous Content-Range:, ${header.length} header values`;
  const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header);
  if (m === null) return `invalid Content-Range: ${JSON.stringify(header)}`;
  return { first: Number(m[1]), last: Number(m[2]), complete: m[3] === '*' ? -1 : Number(m[3]) };
}

export class ResumingBody implements BlobReader {
  readonly remote = true;
  private offset = 0;
  /** -1 and null until the first reconnection. */
  private lastRetryOffset = -1;
  private lastRetryAt: number | null = null;
  private lastProgressAt: number | null = null;
  private readonly startedAt = performance.now();

  constructor(
    private body: ResponseBody,
    /** GET the blob again from `offset` on, with a Range header. */
    private readonly refetch: (offset: number) => Promise<RegistryResponse>,
    private readonly faults: Faults,
    /** The pause before reconnecting: a second, or less when the caller's deadlines are shorter. */
    private readonly pauseMs: number = RECONNECT_PAUSE_MS,
  ) {}

  get size(): number {
    return this.body.size;
  }

  get description(): string {
    return this.body.description;
  }

  get brokeOff(): boolean {
    return this.body.brokeOff;
  }

  async read(): Promise<Buffer | null> {
    for (;;) {
      try {
        const chunk = await this.body.read();
        if (chunk !== null) this.offset += chunk.length;
        this.lastProgressAt = performance.now();
        return chunk;
      } catch (error) {
        if (!(error instanceof ProxyError) || !this.body.brokenMidway || this.faults.has('registry-no-resume')) throw error;
        await this.reconnect(error);
      }
    }
  }

  private async reconnect(cause: ProxyError): Promise<void> {
    for (;;) {
      this.throwIfNotReconnecting(cause);
      try {
        await this.resume(cause);
        return;
      } catch (error) {
        // The fault's endless loop still ends with the session.
        if (!this.faults.has('registry-reconnect-unbounded') || (error as Error).message.includes('the session has ended')) throw error;
      }
    }
  }

  /** The first reconnection always; later ones after 1 MiB of progress or a minute; else the error, with the inputs of that decision. */
  private throwIfNotReconnecting(cause: ProxyError): void {
    const progress = this.offset - this.lastRetryOffset;
    if (progress >= MIN_PROGRESS_BYTES || this.lastRetryAt === null || this.faults.has('registry-reconnect-unbounded')) return;
    const now = performance.now();
    if (now - this.lastRetryAt >= MIN_MS_SINCE_LAST_RETRY) return;
    // containers/image's wording: the decision's inputs, then the error that broke the body.
    const ms = (t: number | null): string => (t === null ? 'NaN' : (now - t).toFixed(3));
    throw new ProxyError(
      `(heuristic tuning data: total ${this.offset} @${ms(this.startedAt)} ms, last retry ${this.lastRetryOffset} @${ms(this.lastRetryAt)} ms, last progress @ ${ms(this.lastProgressAt)} ms): ${cause.message}`,
      cause.code,
    );
  }

  /** Replaces the body with the rest of the blob from the current offset, or throws the original error, explained. */
  private async resume(cause: ProxyError): Promise<void> {
    await this.body.close();
    await sleep(this.pauseMs, undefined, { ref: false });
    let res: RegistryResponse;
    try {
      res = await this.refetch(this.offset);
    } catch (error) {
      throw new ProxyError(`${cause.message} (while reconnecting: ${(error as Error).message})`, cause.code);
    }
    const refuse = async (why: string): Promise<never> => {
      await res.body.close();
      throw new ProxyError(`${cause.message} (after reconnecting${why})`, cause.code);
    };
    if (res.status === 200) return refuse(', server did not process a Range: header, status 200');
    if (res.status !== 206) return refuse(`, fetching blob: ${statusErrorText(res.status, res.statusMessage, Buffer.alloc(0))}`);
    const range = parseContentRange(res.headers['content-range']);
    if (typeof range === 'string') return refuse(`, invalid Content-Range header: ${range}`);
    if (range.first !== this.offset || (range.complete !== -1 && range.last + 1 !== range.complete)) {
      return refuse(` at offset ${this.offset}, got unexpected Content-Range ${range.first}-${range.last}/${range.complete}`);
    }
    this.body = res.body;
    this.lastRetryOffset = this.offset;
    this.lastRetryAt = performance.now();
  }

  async close(): Promise<void> {
    await this.body.close();
  }
}
