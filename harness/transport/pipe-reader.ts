// Reads a passed pipe to EOF on the event loop, into a buffer or straight into sha256 + length, so
// that reading and FinishPipe can overlap (the proxy closes its write end only at FinishPipe).
import { createHash } from 'node:crypto';
import * as native from '../native.js';
import { isAbortError } from '../errors.js';
import { FdWatcher, READABLE } from './fd-watcher.js';

const CHUNK_BYTES = 256 * 1024;
/** One scratch buffer for every reader: each chunk is hashed (and copied, if kept) before the next await. */
const CHUNK_BUFFER = Buffer.allocUnsafe(CHUNK_BYTES);

export interface ReadPipeOptions {
  /**
   * Keep the bytes, up to this many (otherwise only length and sha256 are kept): a longer payload is
   * still read, counted and hashed, but its bytes are dropped, so memory stays bounded whatever it carries.
   */
  keepUpTo?: number;
  /** Stop after this many bytes without waiting for EOF (a partial read). */
  stopAfter?: number;
  /** Stop reading past this many bytes (an endless writer). */
  limit?: number;
  signal?: AbortSignal;
  /** Called with the size of each chunk read (progress for an idle deadline). */
  onBytes?: (n: number) => void;
  /**
   * Grow the pipe to this many bytes first (F_SETPIPE_SZ): fewer wake-ups for writer and reader on
   * large payloads. It changes how much the writer can leave unread, so protocol-edge cases omit it.
   */
  pipeSize?: number;
}

export interface PipeReadResult {
  bytes: number;
  sha256: string;
  /** The bytes, when they were to be kept and no more than keepUpTo of them came. */
  data?: Buffer;
  /** How the read ended: EOF, the stopAfter/limit count, an abort (deadline), or a read error. */
  end: 'eof' | 'stopped' | 'limit' | 'aborted' | 'error';
  error?: string;
}

/** Reads `fd` (which the caller keeps and closes) until EOF, a stop, the limit or an abort. */
export async function readPipe(fd: number, options: ReadPipeOptions = {}): Promise<PipeReadResult> {
  const { keepUpTo, stopAfter, limit = Number.MAX_SAFE_INTEGER, signal } = options;
  const hash = createHash('sha256');
  let chunks: Buffer[] | null = keepUpTo !== undefined ? [] : null;
  let bytes = 0;
  const finish = (end: PipeReadResult['end'], error?: string): PipeReadResult => ({
    bytes,
    sha256: `sha256:${hash.digest('hex')}`,
    ...(chunks !== null ? { data: Buffer.concat(chunks) } : {}),
    end,
    ...(error !== undefined ? { error } : {}),
  });

  native.setNonBlocking(fd, true);
  if (options.pipeSize !== undefined) {
    try {
      native.setPipeSize(fd, options.pipeSize);
    } catch (error) {
      // Above /proc/sys/fs/pipe-max-size for an unprivileged user: the default size still works.
      if ((error as { code?: string }).code !== 'EPERM') throw error;
    }
  }
  const watcher = new FdWatcher(fd);
  try {
    for (;;) {
      const cap = Math.min(stopAfter ?? Infinity, limit);
      if (bytes >= cap) return finish(bytes >= limit ? 'limit' : 'stopped');
      let n: number | null;
      try {
        n = native.read(fd, CHUNK_BUFFER, 0, Math.min(CHUNK_BYTES, cap - bytes));
      } catch (error) {
        return finish('error', (error as Error).message);
      }
      if (n === 0) return finish('eof');
      if (n === null) {
        try {
          await watcher.waitFor(READABLE, signal);
        } catch (error) {
          if (isAbortError(error) || signal?.aborted) return finish('aborted');
          throw error;
        }
        continue;
      }
      const chunk = CHUNK_BUFFER.subarray(0, n);
      hash.update(chunk);
      bytes += n;
      if (chunks !== null && bytes > (keepUpTo as number)) chunks = null;
      else chunks?.push(Buffer.from(chunk));
      options.onBytes?.(n);
    }
  } finally {
    watcher.close();
  }
}
