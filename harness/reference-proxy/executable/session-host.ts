// A long-lived reference proxy serving many sessions, each on a socket end the harness hands it over
// the control socket with the command line the executable would have been given. A session costs a
// socketpair instead of a process start (~100 ms of Node start-up and imports). Sessions are
// independent: each has its own state, fds and abort, and one that hangs or ends badly ends alone.
import { isHarnessError } from '../../errors.js';
import * as native from '../../native.js';
import { PacketSocket } from '../../transport/packet-socket.js';
import { parseCommandLine, UsageError } from './command-line.js';
import type { SessionEnd } from '../session/observer.js';
import { sessionOptionsOf } from './run-reference-proxy.js';
import { serveSession } from '../server/serve-session.js';
import { decodeHarnessMessage, encodeMessage, MAX_STDERR_MESSAGE_CHARS, type HostMessage } from '../../launch/session-host-protocol.js';

const EXIT_USAGE = 2;

/** Serves sessions until the harness closes the control socket, then aborts any still running; resolves with the exit code. */
export async function runSessionHost(controlFd: number): Promise<number> {
  const control = new PacketSocket(controlFd);
  const sessions = new Map<number, AbortController>();
  const running = new Set<Promise<void>>();
  // One queue for every session's messages: each session's stderr reaches the harness before its end.
  let outbox = Promise.resolve();
  const post = (message: HostMessage): void => {
    outbox = outbox.then(() => control.send(encodeMessage(message))).catch(() => {
      // The harness is gone: nobody is left to tell, and the EOF ends this host.
    });
  };
  // A session blocked on a pipe waits on nothing the event loop counts (as in the executable).
  const keepAlive = setInterval(() => {}, 2 ** 30);
  try {
    for (;;) {
      const packet = await control.receive();
      if (packet.kind === 'eof') break;
      const fds = packet.fds.map((fd) => control.release(fd));
      const message = decodeHarnessMessage(packet.data);
      if (message !== null && 'serve' in message && fds.length === 1 && !sessions.has(message.serve)) {
        const abort = new AbortController();
        sessions.set(message.serve, abort);
        const done = serveOne(message.serve, message.argv, fds[0] as number, abort.signal, post).finally(() => {
          sessions.delete(message.serve);
          running.delete(done);
        });
        running.add(done);
        continue;
      }
      for (const fd of fds) native.close(fd);
      if (message !== null && 'abort' in message) sessions.get(message.abort)?.abort();
      else process.stderr.write(`session-host: ignored a malformed control message: ${packet.data.toString('utf8').slice(0, 200)}\n`);
    }
    for (const abort of sessions.values()) abort.abort();
    await Promise.all(running);
    await outbox;
    return 0;
  } finally {
    clearInterval(keepAlive);
    control.close();
  }
}

/** One session, as the executable would serve it with `argv`; always posts its end and closes `fd`. */
async function serveOne(id: number, argv: readonly string[], fd: number, signal: AbortSignal, post: (m: HostMessage) => void): Promise<void> {
  const stderr = (text: string): void => post({ id, stderr: text.length > MAX_STDERR_MESSAGE_CHARS ? text.slice(-MAX_STDERR_MESSAGE_CHARS) : text });
  let end: SessionEnd;
  let socketTaken = false;
  try {
    const parsed = parseCommandLine(argv);
    // The harness routes only plain sessions here: the socket comes with the packet, never as --sockfd.
    if (parsed === 'help' || parsed === 'list-faults' || argv.includes('--sockfd')) throw new UsageError(`a hosted session takes no ${argv.find((a) => a.startsWith('-') && /help|list-faults|sockfd|^-h$/.test(a))}`);
    const options = sessionOptionsOf(parsed);
    // serveSession closes the socket however it ends, a refusal included.
    socketTaken = true;
    end = await serveSession(fd, { ...options, stderr, signal });
  } catch (error) {
    if (error instanceof UsageError || (isHarnessError(error) && error.code === 'PC_USAGE')) {
      stderr(`reference-proxy: ${(error as Error).message}\n`);
      end = { reason: 'crash', exitCode: EXIT_USAGE };
    } else {
      // What main.ts does with an error that escapes a session: report it, exit 1.
      stderr(`reference-proxy: internal error: ${(error as Error).stack ?? String(error)}\n`);
      end = { reason: 'crash', exitCode: 1 };
    }
  }
  if (!socketTaken) native.close(fd);
  post({ id, end: { reason: end.reason, exitCode: end.exitCode, aborted: signal.aborted } });
}
