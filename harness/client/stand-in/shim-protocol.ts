// What the `skopeo` stand-in and the harness say to each other over the connect-back socket: one
// hello packet from the stand-in (its argv and pids, with the protocol socket attached), one reply
// from the harness with the exit code the served session ended with, and the stand-in's bye.

/** Environment variable naming the harness's connect-back socket. */
export const SHIM_SOCKET_ENV = 'PC_SHIM_SOCKET';
/** Environment variable with the protocol version the stand-in claims (help and version text follow it). */
export const SHIM_PROTOCOL_ENV = 'PC_SHIM_PROTOCOL';
/** Environment variable with the skopeo version string the stand-in prints for `--version`. */
export const SHIM_VERSION_ENV = 'PC_SHIM_VERSION';

export interface ShimHello {
  /** argv after the executable, as the client passed it. */
  argv: string[];
  pid: number;
  /** The process that started the stand-in: the client whose fds are judged. */
  ppid: number;
  /** Which of the stand-in's fds carried the protocol socket; null when no proxy session was asked for. */
  socketFd: number | null;
  /** Why the stand-in refused the command line, in skopeo's words; null when it was accepted. */
  refused: string | null;
}

export interface ShimExit {
  exitCode: number;
}

/** The stand-in's last word, sent when told to exit: its parent then (not the client's pid if it was orphaned). */
export interface ShimBye {
  ppid: number;
}

export function parseShimBye(data: Buffer): ShimBye | null {
  try {
    const bye = JSON.parse(data.toString('utf8')) as Partial<ShimBye> | null;
    return bye !== null && typeof bye === 'object' && typeof bye.ppid === 'number' ? { ppid: bye.ppid } : null;
  } catch {
    return null;
  }
}

export function parseShimHello(data: Buffer): ShimHello | null {
  let json: unknown;
  try {
    json = JSON.parse(data.toString('utf8'));
  } catch {
    return null;
  }
  const h = json as Partial<ShimHello> | null;
  if (h === null || typeof h !== 'object' || !Array.isArray(h.argv) || typeof h.pid !== 'number' || typeof h.ppid !== 'number') return null;
  if (!h.argv.every((a) => typeof a === 'string')) return null;
  return {
    argv: h.argv,
    pid: h.pid,
    ppid: h.ppid,
    socketFd: typeof h.socketFd === 'number' ? h.socketFd : null,
    refused: typeof h.refused === 'string' ? h.refused : null,
  };
}
