// Reading a payload pipe around FinishPipe, in each order a client may choose, and GetRawBlob's two
// pipes together: deadline, byte limit, transcript and closing in one place, the outcome as data
// that the case layer turns into verdicts.
import { makeIdleDeadline, type DeadlineEnd, type IdleDeadline } from '../transport/idle-deadline.js';
import type { OwnedFd } from '../transport/owned-fd.js';
import { readPipe, type PipeReadResult } from '../transport/pipe-reader.js';
import type { Progress } from '../transport/progress.js';
import type { Transcript } from './transcript.js';
import { WAIT_OVER } from '../errors.js';

/**
 * How a pipe is read relative to FinishPipe:
 * - `concurrent`: read to EOF while FinishPipe is in flight (the correct client order)
 * - `to-eof-first`: read to EOF, then FinishPipe (needs the write end closed before FinishPipe)
 * - `finish-first`: FinishPipe and wait for its reply, then read
 * - `close-unread`: close the read end, then FinishPipe
 * - `partial`: read some bytes, close, then FinishPipe
 * - `no-finish`: read to EOF and never FinishPipe
 */
export const READ_ORDERS = ['concurrent', 'to-eof-first', 'finish-first', 'close-unread', 'partial', 'no-finish'] as const;

export type ReadOrder = (typeof READ_ORDERS)[number];

/** GetRawBlob's error pipe holds one small JSON object; more than this is an endless writer. */
const ERROR_PIPE_LIMIT = 1024 * 1024;

/** What a read is handed: the fd to read, and a close that may release more (all of a reply's fds). */
type ReadEnd = Pick<OwnedFd, 'fd' | 'close'>;

interface PipedReadOptions<F> {
  order: ReadOrder;
  /** The pipe id of the reply that passed the pipe, for the transcript. */
  pipeid: number;
  /** Sends FinishPipe and judges its reply; a throw stops the read. Never called for `no-finish`. */
  finish: () => Promise<F>;
  transcript: Transcript;
  /** How long the read may wait for the writer while nothing moves (progress restarts it). */
  timeoutMs: number;
  /** The longest the read may last while the session keeps progressing (default: timeoutMs). */
  allowanceMs?: number;
  /** The session's progress: bytes read are reported to it, and its events restart the deadline. */
  progress?: Progress;
  /** Keep the bytes, up to this many, not only their length and sha256 (see ReadPipeOptions.keepUpTo). */
  keepUpTo?: number;
  /** Stop reading past this many bytes (an endless writer). */
  limit?: number;
  /** `partial`: how many bytes to read before closing (default 1). */
  bytes?: number;
  /** Grow the pipe before reading (see ReadPipeOptions.pipeSize). */
  pipeSize?: number;
  /** The session's signal: Ctrl-C ends the read at once, as its deadline would. */
  signal?: AbortSignal;
}

/** `no-eof`: the deadline passed where the order waits for EOF; `limit` and `error` as the read ended. */
type PipedReadProblem = 'no-eof' | 'limit' | 'error';

interface PipedRead<F, O extends ReadOrder = ReadOrder> {
  /** What was read; null when the order reads nothing (`close-unread`). */
  payload: O extends 'close-unread' ? null : PipeReadResult;
  /** FinishPipe's outcome; null when it was not sent (`no-finish`, or a `to-eof-first` read that never ended). */
  finish: O extends 'no-finish' ? null : O extends 'to-eof-first' ? F | null : F;
  problem: PipedReadProblem | null;
  /** How the read's deadline fired, for a `no-eof` problem. */
  end: DeadlineEnd | null;
}

/**
 * Reads `pipe` in `options.order` and closes it, except after `no-finish`, whose read end stays with
 * the owner. A read without a problem is recorded in the transcript as a `payload` event.
 */
export async function readPiped<F, O extends ReadOrder>(pipe: ReadEnd, options: PipedReadOptions<F> & { order: O }): Promise<PipedRead<F, O>> {
  const order: ReadOrder = options.order;
  // The read must be stopped before the fd is closed: libuv may not poll a closed fd.
  const stop = stopWith(options.signal);
  const deadlines: IdleDeadline[] = [];
  const { progress } = options;
  const onBytes = progress !== undefined ? (n: number) => progress.pipeBytes(n) : undefined;
  const read = (stopAfter?: number): Promise<PipeReadResult> => {
    // A clearable deadline, started with the read: an AbortSignal.timeout inside AbortSignal.any can be collected unfired.
    const deadline = makeIdleDeadline(stop.signal, { idleMs: options.timeoutMs, allowanceMs: options.allowanceMs ?? options.timeoutMs, ...(progress ? { progress } : {}) });
    deadlines.push(deadline);
    const { keepUpTo, limit, pipeSize } = options;
    return readPipe(pipe.fd, { keepUpTo, limit, stopAfter, pipeSize, signal: deadline.signal, ...(onBytes ? { onBytes } : {}) });
  };
  let reading: Promise<PipeReadResult> | null = null;
  let payload: PipeReadResult | null = null;
  let finish: F | null = null;
  try {
    switch (order) {
      case 'concurrent':
        reading = read();
        finish = await options.finish();
        payload = await reading;
        break;
      case 'to-eof-first':
      case 'no-finish':
        payload = await read();
        if (order === 'to-eof-first' && payload.end !== 'aborted') finish = await options.finish();
        break;
      case 'finish-first':
        finish = await options.finish();
        payload = await read();
        break;
      case 'close-unread':
        pipe.close();
        finish = await options.finish();
        break;
      case 'partial':
        payload = await read(options.bytes ?? 1);
        pipe.close();
        finish = await options.finish();
        break;
    }
  } finally {
    stop.abort(WAIT_OVER);
    stop.release();
    if (reading !== null) await reading;
    for (const deadline of deadlines) deadline.clear();
    if (order !== 'no-finish') pipe.close();
  }
  const problem = payload === null ? null : findProblem(payload, order !== 'partial');
  if (payload !== null && problem === null) {
    options.transcript.add({ event: 'payload', pipeid: options.pipeid, bytes: payload.bytes, sha256: payload.sha256, end: payload.end });
  }
  const end = deadlines.map((d) => d.ended()).find((e) => e !== null) ?? null;
  return { payload, finish, problem, end } as PipedRead<F, O>;
}

/** A controller that also aborts when `signal` does, until released (no listener left on a long-lived signal). */
function stopWith(signal: AbortSignal | undefined): AbortController & { release: () => void } {
  const stop = new AbortController();
  const relay = (): void => stop.abort(signal?.reason);
  if (signal?.aborted) relay();
  else signal?.addEventListener('abort', relay, { once: true });
  return Object.assign(stop, { release: () => signal?.removeEventListener('abort', relay) });
}

function findProblem(payload: PipeReadResult, eofDue: boolean): PipedReadProblem | null {
  if (payload.end === 'aborted') return eofDue ? 'no-eof' : null;
  if (payload.end === 'limit' || payload.end === 'error') return payload.end;
  return null;
}

interface PipePairReadOptions {
  /** How long both reads may take together. */
  timeoutMs: number;
  /** Close the data pipe after this many bytes (0: unread) instead of reading it to EOF. */
  closeDataAfter?: number;
  /** Keep the data pipe's bytes, up to this many (the error pipe's are always kept). */
  keepDataUpTo?: number;
  /** Stop reading the data pipe past this many bytes. */
  dataLimit?: number;
  /** As for readPiped: progress restarts the deadline, up to this allowance. */
  allowanceMs?: number;
  progress?: Progress;
  /** As for readPiped: the session's signal. */
  signal?: AbortSignal;
}

interface PipePairRead {
  /** The data pipe read to its end; null when it was closed early. */
  data: PipeReadResult | null;
  error: PipeReadResult;
  /** `no-eof`: a pipe read to its end did not reach EOF within the deadline. */
  problem: 'no-eof' | null;
  /** How the deadline fired, for a `no-eof` problem. */
  end: DeadlineEnd | null;
}

/**
 * Reads GetRawBlob's data and error pipes together (the error pipe ends only when the data is
 * written) and closes both.
 */
export async function readPipePair(data: ReadEnd, error: ReadEnd, options: PipePairReadOptions): Promise<PipePairRead> {
  const { closeDataAfter } = options;
  const stop = stopWith(options.signal);
  const { progress } = options;
  const deadline = makeIdleDeadline(stop.signal, { idleMs: options.timeoutMs, allowanceMs: options.allowanceMs ?? options.timeoutMs, ...(progress ? { progress } : {}) });
  const signal = deadline.signal;
  const onBytes = progress !== undefined ? { onBytes: (n: number) => progress.pipeBytes(n) } : {};
  const errorReading = readPipe(error.fd, { keepUpTo: ERROR_PIPE_LIMIT, limit: ERROR_PIPE_LIMIT, signal, ...onBytes });
  try {
    let dataRead: PipeReadResult | null = null;
    if (closeDataAfter === undefined) {
      dataRead = await readPipe(data.fd, { keepUpTo: options.keepDataUpTo, limit: options.dataLimit, signal, ...onBytes });
    } else {
      if (closeDataAfter > 0) await readPipe(data.fd, { stopAfter: closeDataAfter, signal, ...onBytes });
      data.close();
    }
    const errorRead = await errorReading;
    const problem = errorRead.end === 'aborted' || dataRead?.end === 'aborted' ? 'no-eof' : null;
    return { data: dataRead, error: errorRead, problem, end: deadline.ended() };
  } finally {
    stop.abort(WAIT_OVER);
    stop.release();
    await errorReading;
    deadline.clear();
    data.close();
    error.close();
  }
}
