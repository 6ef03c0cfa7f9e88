// GetRawBlob: a blob through two pipes [data, error], pipeid 0, no FinishPipe and no verification;
// the writer closes both when it is done.
import { streamRawBlob } from '../session/blob-stream.js';
import { parseDigest } from '../image/digest.js';
import * as native from '../../native.js';
import type { OpenedPipe } from '../session/pipe-table.js';
import { ProxyError } from '../proxy-error.js';
import type { GoAny } from '../session/request.js';
import type { SessionState } from '../session/session-state.js';
import type { MethodResult } from './method-result.js';
import { openBlobPipe } from './piped-reply.js';

export async function getRawBlob(state: SessionState, args: GoAny[]): Promise<MethodResult> {
  state.requireInitialized();
  if (args.length !== 2) throw new ProxyError(`found ${args.length} args, expecting (imgid, digest)`);
  const image = state.image(args[0]);
  const digestText = args[1];
  if (typeof digestText !== 'string') throw new ProxyError('expecting string blobid');
  const digest = parseDigest(digestText);
  const blob = await image.source.openBlob(digest);
  const data = await openBlobPipe(state, 'GetRawBlob', 'raw-data', blob);
  let err: OpenedPipe;
  try {
    err = state.pipes.open('GetRawBlob', 'raw-error');
  } catch (error) {
    data.out.close();
    native.close(data.readFd);
    await blob.close();
    throw new ProxyError((error as Error).message);
  }
  const { pipes, faults } = state;
  pipes.holdLoose(data.out);
  pipes.holdLoose(err.out);
  // The fault: an EPIPE on the error pipe left uncaught, as a Node writer without an error handler would.
  const errorLost = faults.has('raw-blob-error-write-crashes')
    ? (error: unknown) => state.crash(`reference-proxy: uncaught ${(error as Error).message} writing the GetRawBlob error pipe (fault raw-blob-error-write-crashes)\n`)
    : undefined;
  void streamRawBlob(blob, digest, data.out, err.out, faults, errorLost).then(
    () => {
      pipes.dropLoose(data.out);
      pipes.dropLoose(err.out);
    },
    () => {
      // Nothing left to report to: the client sees both pipes end.
      data.out.close();
      err.out.close();
    },
  );
  const fds = [data.readFd, err.readFd];
  if (faults.has('raw-blob-without-error-fd')) fds.pop();
  return { value: blob.size, fds, pipeid: faults.has('raw-blob-pipeid') ? data.out.fd : 0 };
}
