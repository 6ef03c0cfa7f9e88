// The reference proxy's command line and request loop, as skopeo 1.20.0's experimental-image-proxy
// runs it: one request at a time from a 32 KiB receive buffer (longer packets silently cut, fds
// sent with a request dropped by the kernel), one reply per request with its fds, exit 0 on
// Shutdown (no reply), on EOF and on a zero-length packet; a reply that cannot be sent is fatal.
import { goQuoteQ } from './go/quote.js';
import * as native from '../native.js';
import { FdWatcher, READABLE, WRITABLE } from '../transport/fd-watcher.js';
import { FAULTS, Faults, isFaultName, type FaultName } from './faults.js';
import { ProxySession, type Outcome } from './handlers.js';
import { wantedPlatforms, type PlatformOverrides } from './platform.js';
import { errnoText, ProxyError } from './proxy-error.js';
import { encodeFailure, encodeSuccess } from './reply.js';
import { decodeRequest } from './request.js';
import { removeAllTempDirs } from './transports/oci-archive.js';

/** skopeo's maxMsgSize: the receive buffer, and so the longest request it reads whole. */
export const MAX_REQUEST_BYTES = 32 * 1024;

export const EXIT_USAGE = 2;

export interface ReferenceProxyIo {
  /** Where the proxy's stderr lines go (default: process.stderr). */
  stderr?: (text: string) => void;
  /** Where --help and --list-faults go (default: process.stdout). */
  stdout?: (text: string) => void;
  /** Ends the session from outside (tests): everything is closed and 1 is returned. */
  signal?: AbortSignal;
}

interface Options {
  sockfd: number;
  faults: FaultName[];
  overrides: PlatformOverrides;
}

const USAGE = `usage: reference-proxy [--sockfd N] [--fault NAME]... [--override-arch A] [--override-os O] [--override-variant V] [--list-faults]
Serves the image proxy protocol 0.2.8 like skopeo 1.20.0 on the socket at fd N (default 0), for
oci:DIR[:TAG], oci-archive:FILE[:TAG] and dir:DIR references. --fault switches on a deliberate
deviation (repeatable; --list-faults names them).
`;

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): Options | 'help' | 'list-faults' {
  const options: Options = { sockfd: 0, faults: [], overrides: {} };
  const args = [...argv];
  while (args.length > 0) {
    const arg = args.shift() as string;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const takeValue = (): string => {
      if (eq !== -1) return arg.slice(eq + 1);
      const value = args.shift();
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      return value;
    };
    switch (name) {
      case '--help':
      case '-h':
        return 'help';
      case '--list-faults':
        return 'list-faults';
      case '--sockfd': {
        const value = takeValue();
        if (!/^-?\d+$/.test(value)) throw new UsageError(`--sockfd takes a whole number, not ${JSON.stringify(value)}`);
        options.sockfd = Number(value);
        break;
      }
      case '--fault': {
        const value = takeValue();
        if (!isFaultName(value)) throw new UsageError(`unknown fault ${JSON.stringify(value)} (run with --list-faults to see the ${FAULTS.length} known ones)`);
        options.faults.push(value);
        break;
      }
      case '--override-arch':
        options.overrides.architecture = takeValue();
        break;
      case '--override-os':
        options.overrides.os = takeValue();
        break;
      case '--override-variant':
        options.overrides.variant = takeValue();
        break;
      default:
        throw new UsageError(`unknown argument ${JSON.stringify(arg)}`);
    }
  }
  return options;
}

function listFaults(): string {
  const width = Math.max(...FAULTS.map((f) => f.name.length));
  return FAULTS.map((f) => `${f.name.padEnd(width)}  ${f.description}\n${' '.repeat(width)}  breaks: ${f.breaks}\n`).join('');
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

/** logrus's fatal line, as skopeo writes it before exiting 1. */
function fatalLine(message: string): string {
  return `time="${new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')}" level=fatal msg=${goQuoteQ(message)}\n`;
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
    parsed = parseArgs(argv);
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
    stderr(fatalLine('file file+net sock: getsockopt: socket operation on non-socket'));
    return 1;
  }
  const faults = new Faults(parsed.faults);
  const session = new ProxySession(faults, wantedPlatforms(parsed.overrides));
  const server = new Server(sockfd, session, faults, stderr, io.signal);
  try {
    return await server.run();
  } finally {
    removeAllTempDirs();
  }
}

class SendFailed extends Error {}

class Server {
  private readonly watcher: FdWatcher;
  private readonly buffer = Buffer.alloc(MAX_REQUEST_BYTES);

  constructor(
    private readonly fd: number,
    private readonly session: ProxySession,
    private readonly faults: Faults,
    private readonly stderr: (text: string) => void,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.watcher = new FdWatcher(fd);
  }

  async run(): Promise<number> {
    // A proxy blocked in FinishPipe, or hung by a fault, waits on nothing the event loop counts:
    // this keeps the process alive, as the blocked Go process stays alive.
    const keepAlive = setInterval(() => {}, 2 ** 30);
    // Ending from outside also unblocks a handler stuck on a pipe (closing the pipes stops writers).
    const onAbort = () => void this.session.close();
    this.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await this.loop();
    } catch (error) {
      if (error instanceof SendFailed) {
        this.stderr(fatalLine(`writing to socket: write unixpacket @: sendmsg: ${error.message}`));
        return 1;
      }
      if (this.signal?.aborted) return 1;
      throw error;
    } finally {
      clearInterval(keepAlive);
      this.signal?.removeEventListener('abort', onAbort);
      this.watcher.close();
      await this.session.close();
      try {
        native.close(this.fd);
      } catch {
        // already closed
      }
    }
  }

  private async loop(): Promise<number> {
    const eofExit = this.faults.has('eof-exit-1') ? 1 : 0;
    for (;;) {
      let packet: native.Packet | null;
      try {
        // No room for fds: any sent with a request are discarded, as with Go's ReadFrom.
        packet = native.recvmsg(this.fd, this.buffer, 0);
      } catch (error) {
        this.stderr(fatalLine(`reading socket: read unixpacket @: recvfrom: ${errnoText(error)}`));
        return 1;
      }
      if (packet === null) {
        await this.watcher.waitFor(READABLE, this.signal);
        continue;
      }
      if (packet.size === 0) {
        // Go reads a zero-length packet as EOF. The fault answers it instead, unless the peer is gone.
        if (!this.faults.has('zero-length-packet-replies')) return eofExit;
        try {
          await this.send(encodeFailure(new ProxyError('invalid request: unexpected end of JSON input'), this.faults), []);
        } catch (error) {
          if (error instanceof SendFailed) return eofExit;
          throw error;
        }
        continue;
      }
      if (packet.size > MAX_REQUEST_BYTES && this.faults.has('hang-on-oversized-request')) {
        // Alive but deaf for good (the session keep-alive holds the process).
        await new Promise<void>((_, reject) => this.signal?.addEventListener('abort', () => reject(this.signal?.reason), { once: true }));
      }
      let outcome: Outcome;
      if (packet.size > MAX_REQUEST_BYTES && this.faults.has('oversized-request-rejected')) {
        outcome = { kind: 'error', error: new ProxyError(`invalid request: ${packet.size} bytes exceed the ${MAX_REQUEST_BYTES}-byte limit`) };
      } else {
        outcome = await this.handle(packet.data);
      }
      if (outcome.kind === 'crash') {
        this.stderr(outcome.stderr);
        return outcome.exitCode;
      }
      if (outcome.kind === 'terminate') {
        if (outcome.reply) await this.send(encodeSuccess(null, 0, this.faults), []);
        return outcome.exitCode;
      }
      const [reply, fds, pipeid] =
        outcome.kind === 'error'
          ? [encodeFailure(outcome.error, this.faults), [] as number[], 0]
          : [encodeSuccess(outcome.result.value, outcome.result.pipeid, this.faults), outcome.result.fds, outcome.result.pipeid];
      const sentFds = this.faults.has('pipeid-without-fd') && pipeid !== 0 ? [] : fds;
      try {
        await this.send(reply, sentFds);
        if (this.faults.has('double-reply')) await this.send(reply, []);
      } finally {
        // The read ends belong to the client now (or to nobody, if sending failed).
        for (const fd of fds) native.close(fd);
      }
    }
  }

  private async handle(data: Buffer): Promise<Outcome> {
    try {
      const request = decodeRequest(data, { caseSensitiveKeys: this.faults.has('case-sensitive-keys') });
      return await this.session.handle(request.method, request.args);
    } catch (error) {
      if (error instanceof ProxyError) return { kind: 'error', error };
      // A bug here (or an error no handler words) is answered, and shown, rather than fatal.
      this.stderr(`reference-proxy: internal error: ${(error as Error).stack ?? String(error)}\n`);
      return { kind: 'error', error: new ProxyError(`internal error: ${(error as Error).message}`) };
    }
  }

  /** Sends one packet, waiting while the client's queue is full; a failure is fatal for the session. */
  private async send(data: Buffer, fds: number[]): Promise<void> {
    for (;;) {
      let n: number;
      try {
        n = native.sendmsg(this.fd, data, fds);
      } catch (error) {
        if ((error as { code?: string }).code !== 'EAGAIN') throw new SendFailed(errnoText(error));
        await this.watcher.waitFor(WRITABLE, this.signal);
        continue;
      }
      if (n !== data.length) throw new SendFailed('short write');
      return;
    }
  }
}
