// A blob body that survives a broken connection the way containers/image's bodyReader does: after a
// reset or an early end, when at least 1 MiB arrived since the last attempt, the rest is asked for
// with `Range: bytes=N-`, and only a 206 whose Content-Range starts at N continues the blob.
import { ProxyError } from '../../proxy-error.js';
import type { Faults } from '../../faults.js';
import type { BlobReader } from '../source.js';
import type { RegistryResponse } from './registry-request.js';
import type { ResponseBody } from './response-body.js';

/** containers/image's bodyReaderMinimumProgress. */
const MIN_PROGRESS_BYTES = 1024 * 1024;

export class ResumingBody implements BlobReader {
  readonly remote = true;
  private offset = 0;
  private lastRetryOffset = 0;

  constructor(
    private body: ResponseBody,
    /** GET the blob again from `offset` on, with a Range header. */
    private readonly refetch: (offset: number) => Promise<RegistryResponse>,
    private readonly faults: Faults,
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
        return chunk;
      } catch (error) {
        if (!this.resumable(error)) throw error;
        await this.resume(error as ProxyError);
      }
    }
  }

  private resumable(error: unknown): boolean {
    if (!(error instanceof ProxyError) || !this.body.brokenMidway || this.faults.has('registry-no-resume')) return false;
    return this.offset - this.lastRetryOffset >= MIN_PROGRESS_BYTES;
  }

  /** Replaces the body with the rest of the blob from the current offset, or throws the original error, explained. */
  private async resume(cause: ProxyError): Promise<void> {
    let res: RegistryResponse;
    try {
      res = await this.refetch(this.offset);
    } catch (error) {
      throw new ProxyError(`${cause.message} (after reconnecting: ${(error as Error).message})`, cause.code);
    }
    const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(res.headers['content-range'] ?? '');
    if (res.status !== 206 || range === null || Number(range[1]) !== this.offset) {
      await res.body.close();
      const why = res.status !== 206 ? `server did not process a Range: header, status ${res.status}` : `invalid Content-Range header ${JSON.stringify(res.headers['content-range'] ?? '')}`;
      throw new ProxyError(`${cause.message} (after reconnecting, ${why})`, cause.code);
    }
    this.body = res.body;
    this.lastRetryOffset = this.offset;
  }

  async close(): Promise<void> {
    await this.body.close();
  }
}
