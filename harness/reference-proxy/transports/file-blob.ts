// A blob read from a file (the local transports): os.Open + Stat with Go's error texts, then
// chunk by chunk into one reused buffer.
import { open, type FileHandle } from 'node:fs/promises';
import { pathError } from '../proxy-error.js';
import type { BlobReader } from '../image/source.js';

const READ_CHUNK_BYTES = 256 * 1024;

class FileBlobReader implements BlobReader {
  private buffer: Buffer | null = null;
  private closed = false;

  constructor(
    private readonly handle: FileHandle,
    readonly size: number,
    readonly description: string,
  ) {}

  async read(): Promise<Buffer | null> {
    this.buffer ??= Buffer.allocUnsafe(READ_CHUNK_BYTES);
    let n: number;
    try {
      ({ bytesRead: n } = await this.handle.read(this.buffer, 0, this.buffer.length, null));
    } catch (error) {
      throw pathError('read', this.description, error);
    }
    return n === 0 ? null : this.buffer.subarray(0, n);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
  }
}

/** Opens the blob at `path`; its size is the file's. */
export async function openBlobFile(path: string): Promise<BlobReader> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw pathError('open', path, error);
  }
  try {
    const stat = await handle.stat();
    return new FileBlobReader(handle, stat.size, path);
  } catch (error) {
    await handle.close();
    throw pathError('stat', path, error);
  }
}
