// The session host's control socket (a SOCK_SEQPACKET pair, one JSON message per packet): the
// harness hands the host a session's socket end with the command line the executable would have
// been given; the host answers with the session's stderr and its end (the exit code the executable
// would have exited with). Both sides read and write these messages through this module only.

/** Harness → host: serve the socket passed with this packet (SCM_RIGHTS, one fd) as `argv` asks. */
export interface ServeMessage {
  serve: number;
  /** The executable's arguments, without --sockfd (the socket is the fd that comes with the packet). */
  argv: string[];
}

/** Harness → host: end session `abort` from outside, as SIGTERM ends the executable. */
export interface AbortMessage {
  abort: number;
}

/** Host → harness: text the session wrote to stderr. */
export interface StderrMessage {
  id: number;
  stderr: string;
}

/** Host → harness: the session is over and its socket closed; `exitCode` is the executable's. */
export interface EndMessage {
  id: number;
  end: { reason: string; exitCode: number; aborted: boolean };
}

export type HarnessMessage = ServeMessage | AbortMessage;
export type HostMessage = StderrMessage | EndMessage;

/** Longest stderr text one message carries (a packet must fit the socket's send buffer); the rest is cut from the front. */
export const MAX_STDERR_MESSAGE_CHARS = 32 * 1024;

export function encodeMessage(message: HarnessMessage | HostMessage): Buffer {
  return Buffer.from(JSON.stringify(message));
}

/** Parses one control packet; null for anything that is not one of the messages above. */
export function decodeHarnessMessage(data: Buffer): HarnessMessage | null {
  const value = parseObject(data);
  if (value === null) return null;
  if (Number.isSafeInteger(value.serve) && Array.isArray(value.argv) && value.argv.every((a) => typeof a === 'string')) return value as unknown as ServeMessage;
  if (Number.isSafeInteger(value.abort)) return value as unknown as AbortMessage;
  return null;
}

export function decodeHostMessage(data: Buffer): HostMessage | null {
  const value = parseObject(data);
  if (value === null || !Number.isSafeInteger(value.id)) return null;
  if (typeof value.stderr === 'string') return value as unknown as StderrMessage;
  const end = value.end as Record<string, unknown> | undefined;
  if (typeof end === 'object' && end !== null && Number.isSafeInteger(end.exitCode)) return value as unknown as EndMessage;
  return null;
}

function parseObject(data: Buffer): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(data.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
