// FinishPipe: waits for the pipe's writer, closes the write end and replies the writer's error. With
// a payload larger than the pipe buffer and a client that is not reading, this blocks the whole
// proxy, as in skopeo.
import { ProxyError } from '../proxy-error.js';
import type { GoAny } from '../session/request.js';
import type { SessionState } from '../session/session-state.js';
import { inline, type MethodResult } from './method-result.js';

export async function finishPipe(state: SessionState, args: GoAny[]): Promise<MethodResult> {
  // Only reached without arguments under finish-pipe-no-args-replies (skopeo crashes instead).
  if (args.length === 0) throw new ProxyError('invalid request, expecting one argument');
  const { pipes, faults } = state;
  const pipeid = Number(state.number(args[0]) & 0xffffffffn);
  const pipe = pipes.get(pipeid);
  if (!pipe) {
    if (faults.has('finish-pipe-unknown-succeeds')) return inline(null);
    throw new ProxyError(`finishpipe: no active pipe ${pipeid}`);
  }
  if (faults.has('finish-pipe-does-not-wait')) {
    pipes.remove(pipeid);
    pipes.holdLoose(pipe.out);
    state.notify({ type: 'pipe-finished', pipeid, error: null });
    void pipe.done.then(() => pipes.release(pipe.out));
    return inline(null);
  }
  // The pipe stays in the table while the writer runs, so that closing the session can stop it.
  const error = await pipe.done;
  pipes.remove(pipeid);
  let replied = error?.code === 'EPIPE' && faults.has('epipe-reported-as-other') ? new ProxyError(error.message, 'other') : error;
  if (faults.has('finish-pipe-epipe')) replied = new ProxyError('write |1: broken pipe', 'EPIPE');
  state.notify({ type: 'pipe-finished', pipeid, error: replied });
  pipes.release(pipe.out);
  if (replied) throw replied;
  return inline(null);
}
