// Payload pipes: the write end stays in the proxy (non-blocking, polled for writability on the
// event loop), the read end goes to the client. Writers stream from a buffer or a blob reader chunk
// by chunk, so a blob is never held in memory and a client that does not read holds the writer back.
import * as native from '../../native.js';
import { FdWatcher, WRITABLE } from '../../transport/fd-watcher.js';
import { pipeWriteError, ProxyError } from '../proxy-error.js';
import type { BlobReader } from '../image/source.js';
import { WAIT_OVER } from '../../errors.js';

/** Thrown into a writer whose pipe the proxy closed under it (Shutdown, EOF). */
export class WriterStopped extends Error {
  override readonly name = 'WriterStopped';
}

/** What happens to a write end, for a session observer. */
interface PipeOutListener {
  wrote(bytes: number): void;
  writeFailed(error: ProxyError): void;
  closed(): void;
}

/** The proxy's end of one pipe. */
export class PipeOut {
  readonly fd: number;
  private readonly watcher: FdWatcher;
  private closed = false;
  private readonly stop = new AbortController();

  constructor(
    fd: number,
    private readonly listener?: PipeOutListener,
  ) {
    this.fd = fd;
    native.setNonBlocking(fd, true);
    this.watcher = new FdWatcher(fd);
  }

  /** Writes all of `data`, waiting while the pipe is full. Throws a ProxyError (EPIPE…) or WriterStopped. */
  async write(data: Buffer): Promise<void> {
    let offset = 0;
    while (offset < data.length) {
      if (this.closed) throw new WriterStopped('pipe closed by the proxy');
      let n: number;
      try {
        n = native.write(this.fd, offset === 0 ? data : data.subarray(offset));
      } catch (error) {
        if ((error as { code?: string }).code !== 'EAGAIN') {
          const failure = pipeWriteError(error);
          this.listener?.writeFailed(failure);
          throw failure;
        }
        try {
          await this.watcher.waitFor(WRITABLE, this.stop.signal);
        } catch {
          throw new WriterStopped('pipe closed by the proxy');
        }
        continue;
      }
      offset += n;
      this.listener?.wrote(n);
    }
  }

  /** Never resolves until the pipe is closed by the proxy (a stalled writer). */
  async stall(): Promise<never> {
    await new Promise<void>((resolve) => {
      if (this.stop.signal.aborted) resolve();
      else this.stop.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    throw new WriterStopped('pipe closed by the proxy');
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Closes the write end: the client's read end reaches EOF once it has read what is buffered. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stop.abort(WAIT_OVER);
    this.watcher.close();
    native.close(this.fd);
    this.listener?.closed();
  }
}

interface StreamOptions {
  /** Called with each chunk read from the blob, before it is written (digest verification). */
  onRead?: (chunk: Buffer) => void;
  /** Write at most this many bytes (a fault: truncation), and ignore the rest. */
  maxBytes?: number;
  /** Stop writing for good after this many bytes (a fault: a stalled writer). */
  stallAfter?: number;
}

/**
 * Copies the blob to the pipe, read chunk by chunk, each chunk written before the next is read.
 * Returns how many bytes were read. Read errors are the reader's (Go's `read PATH: …` for a file).
 */
export async function streamBlob(blob: BlobReader, out: PipeOut, options: StreamOptions = {}): Promise<number> {
  let total = 0;
  let written = 0;
  for (;;) {
    const chunk = await blob.read();
    if (chunk === null) return total;
    options.onRead?.(chunk);
    total += chunk.length;
    let toWrite = chunk;
    if (options.maxBytes !== undefined) toWrite = toWrite.subarray(0, Math.max(0, options.maxBytes - written));
    if (options.stallAfter !== undefined && written + toWrite.length > options.stallAfter) {
      await out.write(toWrite.subarray(0, Math.max(0, options.stallAfter - written)));
      await out.stall();
    }
    if (toWrite.length > 0) await out.write(toWrite);
    written += toWrite.length;
  }
}

/**
 * A pipe FinishPipe can finish: its writer's outcome (null, or the error FinishPipe reports) and
 * the write end, which stays open until FinishPipe.
 */
export interface ActivePipe {
  out: PipeOut;
  done: Promise<ProxyError | null>;
}

/** Runs `work` as the pipe's writer and records how it ended. */
export function startWriter(out: PipeOut, work: () => Promise<void>): ActivePipe {
  const done = work().then(
    () => null,
    (error: unknown) => {
      if (error instanceof ProxyError) return error;
      if (error instanceof WriterStopped) return new ProxyError('write |1: file already closed');
      return new ProxyError((error as Error).message);
    },
  );
  return { out, done };
}
