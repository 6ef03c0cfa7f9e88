// GetBlob: a blob through a one-fd pipe, value its size; size and digest are checked while it
// streams and a mismatch is FinishPipe's error, after the data.
import { parseDigest } from '../image/digest.js';
import { streamVerifiedBlob } from '../session/blob-stream.js';
import { startWriter } from '../session/pipe-writer.js';
import { ProxyError } from '../proxy-error.js';
import type { GoAny } from '../session/request.js';
import type { SessionState } from '../session/session-state.js';
import type { MethodResult } from './method-result.js';
import { openBlobPipe, replyWithPipe } from './piped-reply.js';

export async function getBlob(state: SessionState, args: GoAny[]): Promise<MethodResult> {
  state.requireInitialized();
  if (args.length !== 3) throw new ProxyError(`found ${args.length} args, expecting (imgid, digest, size)`);
  const image = state.image(args[0]);
  const digestText = args[1];
  if (typeof digestText !== 'string') throw new ProxyError('expecting string blobid');
  const size = state.number(args[2]);
  const digest = parseDigest(digestText);
  const blob = await image.source.openBlob(digest);
  const { faults } = state;
  if (faults.has('get-blob-checks-size-early') && BigInt(blob.size) !== size) {
    await blob.close();
    throw new ProxyError(`expected ${size} bytes in blob, got ${blob.size}`);
  }
  const { readFd, out } = await openBlobPipe(state, 'GetBlob', 'payload', blob);
  const pipe = startWriter(out, () => streamVerifiedBlob(blob, digest, size, out, faults));
  const extra: number[] = [];
  if (faults.has('two-fds-on-get-blob')) {
    const second = state.pipes.open('GetBlob', 'extra');
    second.out.close();
    extra.push(second.readFd);
  }
  return replyWithPipe(state, faults.has('get-blob-value-unknown') ? -1 : blob.size, readFd, pipe, extra);
}
