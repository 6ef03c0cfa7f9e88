// One session host process (reference-proxy/executable/session-host.ts) and its control socket:
// sessions are handed to it with the argv the executable would have got, and it reports each
// session's stderr and end, which are delivered to that session here.
import { HarnessError } from '../errors.js';
import * as native from '../native.js';
import { PacketSocket } from '../transport/packet-socket.js';
import { HOST_EXIT_MS, type HostedSession, type SessionHostControl } from './hosted-session.js';
import { SpawnedProcess } from './process.js';
import { decodeHostMessage, encodeMessage, type HostMessage } from './session-host-protocol.js';
import path from 'node:path';
import { BUNDLE_DIR } from '../package-root.js';

/** The host's entry in the build, from harness/ and dist/ alike. */
export const HOST_MAIN = path.join(BUNDLE_DIR, 'session-host.js');

/** One host process and its control socket; its sessions by id. */
export class Host implements SessionHostControl {
  private readonly sessions = new Map<number, HostedSession>();
  private readonly stopReading = new AbortController();
  private readonly reading: Promise<void>;
  gone = false;

  private constructor(
    private readonly child: SpawnedProcess,
    private readonly control: PacketSocket,
  ) {
    this.reading = this.read();
  }

  static spawn(): Host {
    const [ours, theirs] = native.socketpair();
    let child: SpawnedProcess;
    try {
      child = SpawnedProcess.spawn({ executable: process.execPath, args: [HOST_MAIN], fds: new Map([[0, theirs]]), name: 'session host', deathSignal: 'SIGKILL' });
    } catch (error) {
      native.close(ours);
      throw error;
    }
    return new Host(child, new PacketSocket(ours));
  }

  get pid(): number {
    return this.child.pid;
  }

  get load(): number {
    return this.sessions.size;
  }

  async start(session: HostedSession, argv: readonly string[], theirs: number): Promise<void> {
    this.sessions.set(session.id, session);
    try {
      await this.control.send(encodeMessage({ serve: session.id, argv: [...argv] }), [theirs], AbortSignal.timeout(HOST_EXIT_MS));
    } catch (error) {
      this.sessions.delete(session.id);
      throw new HarnessError('PC_SPAWN_FAILED', `the session host did not take the session: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Asks the host to end one session from outside (as SIGTERM ends the executable). */
  abort(id: number): void {
    this.control.send(encodeMessage({ abort: id }), [], AbortSignal.timeout(HOST_EXIT_MS)).catch(() => {
      // The host is gone: its end reaches the session anyway.
    });
  }

  /** Kills the host: every session it still serves ends as killed. */
  kill(): void {
    this.gone = true;
    this.child.kill('SIGKILL');
  }

  async stop(): Promise<void> {
    this.gone = true;
    await this.child.stop({ exitMs: HOST_EXIT_MS, termMs: HOST_EXIT_MS }, () => {
      this.stopReading.abort();
      this.control.close();
    });
    await this.reading;
  }

  /** Delivers the host's messages to their sessions; when the host goes, so do the sessions it served. */
  private async read(): Promise<void> {
    try {
      for (;;) {
        const packet = await this.control.receive(this.stopReading.signal);
        if (packet.kind === 'eof') break;
        for (const fd of packet.fds) native.close(this.control.release(fd));
        const message = decodeHostMessage(packet.data);
        if (message !== null) this.deliver(message);
      }
    } catch {
      // Stopped, or the control socket failed: either way the host is done.
    }
    this.gone = true;
    this.control.close();
    const status = (await this.child.waitForExit(HOST_EXIT_MS)) ?? { code: null, signal: 'SIGKILL' };
    for (const session of this.sessions.values()) session.ended(status, `the session host ${status.signal ? `was killed by ${status.signal}` : `exited (code ${status.code})`}`);
    this.sessions.clear();
  }

  private deliver(message: HostMessage): void {
    const session = this.sessions.get(message.id);
    if (session === undefined) return;
    if ('stderr' in message) {
      session.keepOutput(message.stderr);
      return;
    }
    this.sessions.delete(message.id);
    // The executable dies of SIGTERM when aborted (run-reference-proxy.ts's signal handler); otherwise it exits with the session's code.
    session.ended(message.end.aborted ? { code: null, signal: 'SIGTERM' } : { code: message.end.exitCode, signal: null });
  }
}
