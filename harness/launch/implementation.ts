// One running implementation: a process (launch/process.ts) given one end of a socketpair as its
// stdin or fd N, a protocol client and transcript on our end, and torn down Shutdown-first.
import { openSync } from 'node:fs';
import * as native from '../native.js';
import { ProxyClient } from '../protocol/client.js';
import { Transcript } from '../protocol/transcript.js';
import { makeDeadline } from '../transport/deadline.js';
import { PacketSocket } from '../transport/packet-socket.js';
import { SpawnedProcess, type ExitStatus, type TeardownTimeouts } from './process.js';
import type { LaunchSpec } from './launch-spec.js';
import type { HostedSession } from './hosted-session.js';
import { SessionHosts } from './session-hosts.js';
import type { SessionKind, SessionProcess } from './session-process.js';

// Checks and runners name an implementation's exit through this module.
export { describeExit, isCleanExit, type ExitStatus, type TeardownTimeouts } from './process.js';
export { withCasePolicyFlags, withExtraArgs, type ImageOptionsRoute, type LaunchSpec, type PolicyRoute, type RegistryRoute, type SocketMode } from './launch-spec.js';
export type { SessionKind, SessionProcess } from './session-process.js';

/** How long a stuck process gets after EOF before SIGTERM. */
const STUCK_EXIT_MS = 100;

export class Implementation {
  readonly client: ProxyClient;
  readonly transcript: Transcript;
  readonly socket: PacketSocket;
  private readonly child: SessionProcess;
  private readonly signal: AbortSignal;
  /** Sessions this process served before the current one (launch/warm-pool.ts may reuse a process). */
  private served = 0;

  private constructor(
    transcript: Transcript,
    child: SessionProcess,
    socket: PacketSocket,
    signal: AbortSignal,
    /** What serves the session: a process of its own, or a session host. */
    readonly kind: SessionKind,
  ) {
    this.transcript = transcript;
    this.child = child;
    this.socket = socket;
    this.signal = signal;
    this.client = new ProxyClient(socket, transcript, signal);
  }

  /** Spawns the implementation on a fresh socketpair; `extraEnv` adds to the spec's environment (a process's own coverage dir). */
  static launch(spec: LaunchSpec, signal: AbortSignal, extraEnv?: Record<string, string>): Implementation {
    const [ours, theirs] = native.socketpair();
    const { socket } = spec;
    const args = socket.kind === 'stdin' ? [...spec.args] : [...spec.args, '--sockfd', String(socket.fd)];
    const fds = new Map([[socket.kind === 'fd' ? socket.fd : 0, theirs]]);
    if (socket.kind === 'not-a-socket') {
      try {
        fds.set(socket.fd, openSync('/dev/null', 'r'));
      } catch (error) {
        native.close(ours);
        native.close(theirs);
        throw error;
      }
    }
    const transcript = new Transcript();
    const env = extraEnv ? { ...spec.env, ...extraEnv } : spec.env;
    let child: SpawnedProcess;
    try {
      child = SpawnedProcess.spawn(
        { executable: spec.executable, args, ...(env ? { env } : {}), fds, name: 'implementation', deathSignal: 'SIGKILL' },
        { exited: (status) => transcript.add({ event: 'exit', ...status }), note: (text) => transcript.note(text) },
      );
    } catch (error) {
      native.close(ours);
      throw error;
    }
    return new Implementation(transcript, child, new PacketSocket(ours), signal, 'process');
  }

  /** A session host serves the spec's session (the spec must be one SessionHosts.argvFor accepts). */
  static async host(hosts: SessionHosts, spec: LaunchSpec, signal: AbortSignal): Promise<Implementation> {
    const argv = SessionHosts.argvFor(spec);
    if (argv === null) throw new Error('a session host serves only the reference proxy on its stdin');
    const [ours, theirs] = native.socketpair();
    const transcript = new Transcript();
    let session: HostedSession;
    try {
      session = await hosts.serve(argv, theirs, { exited: (status) => transcript.add({ event: 'exit', ...status }), note: (text) => transcript.note(text) });
    } catch (error) {
      native.close(ours);
      throw error;
    }
    return new Implementation(transcript, session, new PacketSocket(ours), signal, 'hosted');
  }

  /**
   * How many sessions this process (or hosted session) served before the current one: 0 for a fresh
   * one. A reused one was initialized by its first session and left as fresh by the last
   * (fuzz/session-reset.ts).
   */
  get sessionsBefore(): number {
    return this.served;
  }

  /** Starts the next session on this process: the transcript begins anew, saying so. */
  beginNextSession(): void {
    this.served += 1;
    this.transcript.clear();
    this.transcript.note(`this process served ${this.served} session(s) before this one; its first session initialized it`);
  }

  /** The process's pid; a hosted session has none (reading it is a harness error). */
  get pid(): number {
    return this.child.pid;
  }

  /** The last bytes the implementation wrote to stderr (and stdout). */
  stderrTail(maxBytes = 2048): string {
    return this.child.outputTail(maxBytes);
  }

  get exited(): ExitStatus | null {
    return this.child.exited;
  }

  /**
   * Waits up to `timeoutMs` for the process to exit; null if it is still running. The session's
   * abort cuts the wait short, except during teardown, which must always finish.
   */
  waitForExit(timeoutMs: number, options: { abortable?: boolean } = {}): Promise<ExitStatus | null> {
    return this.child.waitForExit(timeoutMs, options.abortable === false ? undefined : this.signal);
  }

  /** Sends a signal to the process by pid; false if it has already gone. */
  kill(signal: NodeJS.Signals): boolean {
    return this.child.kill(signal);
  }

  /**
   * Ends the session for sure: optionally asks with Shutdown, closes our socket (EOF), waits, then
   * SIGTERM, then SIGKILL. Always closes every fd and reaps the process.
   */
  async teardown(timeouts: TeardownTimeouts, options: { shutdown?: boolean } = {}): Promise<ExitStatus> {
    // After an interrupt nothing judges the process any more: waiting for it to exit by itself only delays the run's exit.
    if (this.interrupted && !this.child.exited) {
      this.transcript.note('the run was interrupted: no Shutdown, SIGTERM at once');
      return this.child.stop({ ...timeouts, exitMs: 0 }, () => this.socket.close());
    }
    // A process that left a request unanswered is stuck in it: it reads neither Shutdown nor EOF, so
    // waiting for either only costs time. It gets a moment after EOF, then SIGTERM.
    if (this.client.leftUnanswered && !this.child.exited) {
      this.transcript.note('the last request got no reply: no Shutdown, SIGTERM shortly after EOF');
      return this.child.stop({ ...timeouts, exitMs: Math.min(timeouts.exitMs, STUCK_EXIT_MS) }, () => this.socket.close());
    }
    if (options.shutdown && !this.child.exited && !this.socket.isClosed) {
      await this.requestShutdown(timeouts.exitMs);
      await this.child.waitForExit(timeouts.exitMs);
    }
    return this.child.stop(timeouts, () => this.socket.close());
  }

  /** The run's interrupt came: the session is over whatever the process does next. */
  get interrupted(): boolean {
    return this.signal.aborted;
  }

  /** Sends Shutdown (giving up after `sendMs`) without waiting for the exit it asks for; a failure to send is only noted. */
  async requestShutdown(sendMs: number): Promise<void> {
    if (this.child.exited || this.socket.isClosed) return;
    try {
      const deadline = makeDeadline(new AbortController().signal, sendMs);
      try {
        await this.client.send(Buffer.from('{"method":"Shutdown","args":[]}'), [], deadline.signal);
      } finally {
        deadline.clear();
      }
    } catch (error) {
      this.transcript.note(`Shutdown not sent: ${(error as Error).message}`);
    }
  }
}
