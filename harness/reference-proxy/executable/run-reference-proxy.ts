// The executable's behaviour for a caller that owns the process (main.ts, tests): parse the command
// line, check the socket fd as skopeo does, serve one session, and resolve with the exit code.
import * as native from '../../native.js';
import { listFaults, parseCommandLine, USAGE, UsageError, type CommandLine } from './command-line.js';
import { fatalLine } from '../server/fatal-line.js';
import type { SessionObserver } from '../session/observer.js';
import { errnoText } from '../proxy-error.js';
import { serveSession, type SessionOptions } from '../server/serve-session.js';
import { removeAllTempDirs } from '../transports/temp-dirs.js';

const EXIT_USAGE = 2;

export interface ReferenceProxyIo {
  /** Where the proxy's stderr lines go (default: process.stderr). */
  stderr?: (text: string) => void;
  /** Where --help and --list-faults go (default: process.stdout). */
  stdout?: (text: string) => void;
  /** Ends the session from outside (tests): everything is closed and 1 is returned. */
  signal?: AbortSignal;
  /** Receives the session's transcript. */
  observer?: SessionObserver;
}

/**
 * For a process whose main job is the proxy (main.ts, a CLI subcommand): killed by SIGTERM, SIGINT
 * or SIGHUP, it removes the archives it extracted, then dies of that signal as it would have.
 * (A normal exit removes them anyway.)
 */
export function removeArchivesOnSignals(): void {
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.once(signal, () => {
      removeAllTempDirs();
      process.kill(process.pid, signal);
    });
  }
}

/**
 * Runs the reference proxy with skopeo-like arguments and resolves with its exit code; the socket
 * and every pipe it opened are closed by then. In-process callers (the CLI, tests) exit with the
 * code themselves.
 */
export async function runReferenceProxy(argv: readonly string[], io: ReferenceProxyIo = {}): Promise<number> {
  const stderr = io.stderr ?? ((text: string) => void process.stderr.write(text));
  const stdout = io.stdout ?? ((text: string) => void process.stdout.write(text));
  let parsed;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    stderr(`reference-proxy: ${error.message}\n`);
    return EXIT_USAGE;
  }
  if (parsed === 'help') {
    stdout(USAGE);
    return 0;
  }
  if (parsed === 'list-faults') {
    stdout(listFaults());
    return 0;
  }
  const { sockfd } = parsed;
  if (sockfd < 0) {
    // skopeo: net.FileConn on a nil *os.File panics.
    stderr('panic: runtime error: invalid memory address or nil pointer dereference\n');
    return 2;
  }
  let info;
  try {
    info = native.fstat(sockfd);
  } catch (error) {
    stderr(fatalLine(`file file+net sock: fcntl: ${errnoText(error)}`));
    return 1;
  }
  if (info.type !== 'socket') {
    if (parsed.faults.includes('not-a-socket-exit-0')) return 0;
    stderr(fatalLine('file file+net sock: getsockopt: socket operation on non-socket'));
    return 1;
  }
  // A proxy blocked in FinishPipe, or hung by a fault, waits on nothing the event loop counts:
  // this keeps the process alive, as the blocked Go process stays alive.
  const keepAlive = setInterval(() => {}, 2 ** 30);
  try {
    const end = await serveSession(sockfd, {
      ...sessionOptionsOf(parsed),
      stderr,
      ...(io.signal ? { signal: io.signal } : {}),
      ...(io.observer ? { observer: io.observer } : {}),
    });
    return end.exitCode;
  } finally {
    clearInterval(keepAlive);
    removeAllTempDirs();
  }
}

/** What a command line asks of the session it serves; the session host builds its sessions' options here too. */
export function sessionOptionsOf(parsed: CommandLine): SessionOptions {
  return {
    faults: parsed.faults,
    protocolVersion: parsed.protocolVersion,
    platform: parsed.overrides,
    ...(parsed.policy ? { policy: parsed.policy } : {}),
    tlsVerify: parsed.tlsVerify,
    ...(parsed.registryIdleTimeoutMs !== undefined ? { registryIdleTimeoutMs: parsed.registryIdleTimeoutMs } : {}),
    credentials: parsed.credentials,
  };
}
