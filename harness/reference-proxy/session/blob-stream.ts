// Streaming a blob from its reader (a file, a registry response) into the client's pipe, as GetBlob and GetRawBlob do: GetBlob's
// writer verifies size and digest and its error is what FinishPipe replies; GetRawBlob's does not
// verify and reports a failure as one JSON object on the error pipe.
import type { Digest } from '../image/digest.js';
import { makeVerifier } from '../image/digest.js';
import type { Faults } from '../faults.js';
import { goMarshal } from '../go/marshal.js';
import { streamBlob, WriterStopped, type PipeOut } from './pipe-writer.js';
import { ProxyError } from '../proxy-error.js';
import type { BlobReader } from '../image/source.js';

const BLOB_STALL_BYTES = 32 * 1024;

/** GetBlob's writer: the whole blob, then the size check against `size` and the digest check. */
export async function streamVerifiedBlob(blob: BlobReader, digest: Digest, size: bigint, out: PipeOut, faults: Faults): Promise<void> {
  const verifier = makeVerifier(digest);
  let n: number;
  try {
    n = await streamBlob(blob, out, {
      onRead: (chunk) => verifier.update(chunk),
      ...(faults.has('truncated-blob') ? { maxBytes: Math.max(0, blob.size - 1) } : {}),
      ...(faults.has('stall-mid-blob') ? { stallAfter: BLOB_STALL_BYTES } : {}),
    });
    if (faults.has('extra-blob-byte')) await out.write(Buffer.from('\n'));
  } finally {
    await blob.close();
  }
  if (faults.has('write-end-closed-early')) out.close();
  // The registry faults: a broken body passed as whole, a remote blob left unverified.
  if (blob.brokeOff === true) return;
  const verify = !faults.has('finish-pipe-ignores-digest') && !(blob.remote === true && faults.has('registry-no-digest-check'));
  // Go compares n with int64(size): a size of 2^64−1 (from −1) is −1 there.
  let error: string | null = null;
  if (!faults.has('blob-size-ignored') && BigInt(n) !== BigInt.asIntN(64, size)) error = `expected ${size} bytes in blob, got ${n}`;
  if (verify && verifier.digest('hex') !== digest.hex) error = `corrupted blob, expecting ${digest.text}`;
  if (error !== null) throw new ProxyError(error);
}

/**
 * GetRawBlob's writer: the blob unverified to `data`, a failure to `err`; both closed at the end. A
 * failure that cannot be written (the client closed the error pipe) is dropped, as skopeo only logs
 * it; `errorLost` hears of it.
 */
export async function streamRawBlob(blob: BlobReader, digest: Digest, data: PipeOut, err: PipeOut, faults: Faults, errorLost?: (error: unknown) => void): Promise<void> {
  let failure: ProxyError | null = null;
  const verifier = makeVerifier(digest);
  try {
    await streamBlob(blob, data, { onRead: (chunk) => verifier.update(chunk) });
    if (faults.has('raw-blob-error-after-data')) failure = new ProxyError('reading blob: unexpected EOF');
    if (faults.has('raw-blob-verifies') && verifier.digest('hex') !== digest.hex) failure = new ProxyError(`corrupted blob, expecting ${digest.text}`);
  } catch (error) {
    if (!(error instanceof WriterStopped)) failure = error instanceof ProxyError ? error : new ProxyError((error as Error).message);
  }
  // The error goes out before the blob's source is closed: a failed copy is reported (or, under the
  // crashing fault, crashes) in the same turn it failed, not after a file close on the thread pool,
  // by which time a client's next requests and Shutdown may already have been served.
  try {
    if (failure && !err.isClosed) {
      const text = faults.has('raw-blob-error-not-json') ? `error: ${failure.message}\n` : goMarshal({ code: failure.code, message: failure.message });
      await err.write(Buffer.from(text)).catch((error: unknown) => errorLost?.(error));
    }
  } finally {
    await blob.close();
  }
  data.close();
  err.close();
}
