// What a session observer sees: the transcript of one session from the proxy's side, in the order
// things happened, for a client judged by what it sent and how it handled what it got.
import type { ProxyError } from '../proxy-error.js';
import type { ReplyEnvelope } from './reply-encoder.js';
import type { Request } from './request.js';

/** Which pipe of a reply: the one-fd payload pipe FinishPipe releases, GetRawBlob's two, or a fault's extra one. */
export type PipeRole = 'payload' | 'raw-data' | 'raw-error' | 'extra';

/** How a session ended, and the exit code the executable has for it. */
export interface SessionEnd {
  /**
   * `shutdown`: the Shutdown request; `eof`: the client closed its end (or sent a zero-length
   * packet); `crash`: a crash skopeo has (or a crash fault), stderr written; `receive-failed` and
   * `send-failed`: the socket failed, the fatal line written; `aborted`: the caller's signal.
   */
  reason: 'shutdown' | 'eof' | 'crash' | 'receive-failed' | 'send-failed' | 'aborted';
  exitCode: number;
}

/** One event of a session, as {@link SessionObserver} receives it. */
export type SessionEvent =
  /** A request packet: its bytes (cut to 32 KiB, as read), its real size, and the decoded request or the decoding error. */
  | { type: 'request'; raw: Buffer; size: number; request: Request | null; error: string | null }
  /** A reply sent, with the read ends passed alongside (fd numbers in this process, closed right after the event). */
  | { type: 'reply'; raw: Buffer; envelope: ReplyEnvelope; fds: readonly number[] }
  /** A pipe made for a reply; `pipeid` is the id FinishPipe knows it by, 0 for GetRawBlob's pipes. */
  | { type: 'pipe-opened'; method: string; role: PipeRole; pipeid: number; readFd: number; writeFd: number }
  /** FinishPipe found the pipe and waited for its writer: null, or the error it replies. */
  | { type: 'pipe-finished'; pipeid: number; error: ProxyError | null }
  /** Bytes went into a pipe: with the pipe buffer full, a client reading it (progress, for a client's deadline). */
  | { type: 'pipe-written'; writeFd: number; bytes: number }
  /** A write to a pipe failed (the client closed its read end early, say). */
  | { type: 'pipe-write-error'; writeFd: number; error: ProxyError }
  /** The proxy closed its write end: the client's read end reaches EOF once drained. */
  | { type: 'pipe-closed'; writeFd: number }
  /** The session is over; always the last event. */
  | { type: 'end'; end: SessionEnd };

/** Receives every event of a session synchronously, in order; it must not throw. */
export type SessionObserver = (event: SessionEvent) => void;
