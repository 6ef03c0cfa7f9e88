// Everything one client run leaves for the judges: each proxy session the client started (its
// requests with a snapshot of the client's fds, the replies, the pipes), how the client ended, and
// what it wrote to PC_OUT.
import type { ExitStatus } from '../../launch/process.js';
import type { PipeRole, SessionEnd } from '../../reference-proxy/index.js';
import type { FdTable } from '../../transport/fd-inspect.js';
import type { DeadlineEnd } from '../../transport/idle-deadline.js';
import type { ArrivedRequest, OverlappingRequest } from './session-relay.js';
import type { ShimHello } from './shim-protocol.js';

export interface ObservedReply {
  success: boolean;
  value: unknown;
  pipeid: number;
  errorCode: string | null;
  error: string;
  fds: number;
}

export interface ObservedRequest {
  /** Position in the session's event order (requests, replies and pipe events share one counter). */
  seq: number;
  /** null when the packet did not decode. */
  method: string | null;
  args: readonly unknown[];
  size: number;
  /** The client's fds as the request arrived (null once the client is gone). */
  fds: FdTable | null;
  reply: ObservedReply | null;
}

export interface ObservedPipe {
  method: string;
  role: PipeRole;
  /** What FinishPipe knows it by; 0 for GetRawBlob's pipes. */
  pipeid: number;
  /** The read end's open file (`pipe:[INODE]`), as it would appear in the client's fd table. */
  target: string | null;
  writeFd: number;
  openedSeq: number;
  /** When FinishPipe released it, or null. */
  finishedSeq: number | null;
  /** When the proxy closed the write end (the client's read end then reaches EOF once drained). */
  closedSeq: number | null;
  /** A write failed: the client closed its read end early. */
  writeError: string | null;
}

export interface ObservedSession {
  hello: ShimHello;
  /** The proxy's end of the client's socketpair, as a target in the client's fd table. */
  proxySocketTarget: string | null;
  requests: ObservedRequest[];
  pipes: ObservedPipe[];
  /** How the served session ended; null if it was still being served when the client run ended. */
  end: SessionEnd | null;
  endSeq: number | null;
  /** The client's fds as the session ended (Shutdown or EOF). */
  endFds: FdTable | null;
  overlapping: OverlappingRequest[];
  /** Every request as it arrived from the client (its real size, before any cut). */
  arrived: ArrivedRequest[];
  /** Requests the harness could not pass on to the proxy, each said: the session's record is then incomplete. */
  relayFailures: string[];
  /** The stand-in found itself orphaned when told to exit: the client had not waited for it. */
  orphaned: boolean | null;
}

/** What the client wrote: PC_OUT/manifest, PC_OUT/config, PC_OUT/blobs/sha256/<hex>. */
export interface ClientOutput {
  manifest: Buffer | null;
  config: Buffer | null;
  blobs: ReadonlyMap<string, Buffer>;
  /** Anything else found there (names relative to PC_OUT). */
  other: string[];
}

export interface ClientObservation {
  /** The client's exit, or null when it had not exited by the deadline (then killed). */
  exit: ExitStatus | null;
  /** How long the client ran (to its exit or to the deadline). */
  ranMs: number;
  deadlineMs: number;
  stderrTail: string;
  sessions: ObservedSession[];
  output: ClientOutput;
  /** What went wrong in the harness's own machinery (a session that could not be served, say). */
  notes: string[];
  /** When the client hung: what it was waiting on at the deadline. */
  pending: string | null;
  /** How the deadline fired: nothing moved for deadlineMs, or still progressing at the allowance. */
  deadlineEnd?: DeadlineEnd;
}
