// Replies whose payload goes through a pipe: a one-fd pipe whose write end waits for FinishPipe
// (a goroutine writes the bytes), and the pipes a blob is streamed into.
import type { OpenedPipe } from '../session/pipe-table.js';
import { startWriter, type ActivePipe } from '../session/pipe-writer.js';
import { ProxyError } from '../proxy-error.js';
import type { SessionState } from '../session/session-state.js';
import type { MethodResult } from './method-result.js';

/** Registers `pipe` with FinishPipe and answers `value` with its read end (and any extra fds). */
export function replyWithPipe(state: SessionState, value: unknown, readFd: number, pipe: ActivePipe, extraFds: number[] = []): MethodResult {
  const id = state.pipes.add(pipe);
  const pipeid = state.faults.has('fd-without-pipeid') ? 0 : id;
  return { value, fds: [readFd, ...extraFds], pipeid };
}

/** skopeo's returnBytes: `bytes` through a new payload pipe, `value` in the reply. */
export function returnBytes(state: SessionState, method: string, value: unknown, bytes: Buffer): MethodResult {
  const { readFd, out } = state.pipes.open(method, 'payload');
  const pipe = startWriter(out, async () => {
    await out.write(bytes);
    if (state.faults.has('write-end-closed-early')) out.close();
  });
  return replyWithPipe(state, value, readFd, pipe);
}

/** A new pipe for a blob; if the system refuses one, the blob is closed and the error replied. */
export async function openBlobPipe(state: SessionState, method: string, role: 'payload' | 'raw-data', blob: { close(): Promise<void> }): Promise<OpenedPipe> {
  try {
    return state.pipes.open(method, role);
  } catch (error) {
    await blob.close();
    throw new ProxyError((error as Error).message);
  }
}
