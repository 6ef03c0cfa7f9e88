// Sessions of the reference proxy without a process each: a few long-lived host processes
// (reference-proxy/executable/session-host.ts), one per job, each handed a session's socket end over its
// control socket with the command line the executable would have got. For runs where the process
// is not what is tested (the mutation score, fuzzing the reference proxy); which cases a host may
// serve is decided in cases/session-route.ts.
import { fileURLToPath } from 'node:url';
import { HarnessError } from '../errors.js';
import * as native from '../native.js';
import type { ProcessAspect } from '../model/case.js';
import { decodeHostMessage, encodeMessage, type HostMessage } from './session-host-protocol.js';
import { PacketSocket } from '../transport/packet-socket.js';
import type { LaunchSpec, SessionProcess } from './implementation.js';
import { SpawnedProcess, waitForStatus, type ExitStatus, type TeardownTimeouts } from './process.js';
import { REFERENCE_PROXY_BIN } from './resolve-impl.js';

/** The host's entry in the build (dist/), from harness/ and dist/ alike. */
const HOST_MAIN = fileURLToPath(new URL('../../dist/reference-proxy/executable/session-host-main.js', import.meta.url));
const OUTPUT_TAIL_BYTES = 64 * 1024;
/** How long a host may take to exit once its control socket is closed (its sessions are aborted). */
const HOST_EXIT_MS = 2000;

/** What a session reports as it goes, for its transcript (as a spawned process does). */
interface SessionObserver {
  exited?(status: ExitStatus): void;
  note?(text: string): void;
}

/** The aspects of a process a host can stand in for: the exit code is the session's, as the executable exits with it. */
export const HOST_CAN_EMULATE: readonly ProcessAspect[] = ['exit'];

export interface SessionHostOptions {
  /** Host processes at most (one per job). */
  hosts: number;
  /** Which process aspects the run lets a host stand in for (a subset of HOST_CAN_EMULATE); cases observing others get a process. */
  emulates: readonly ProcessAspect[];
  /**
   * Spawned processes of the run at once (default: as many as hosts). Hosted sessions may run many at
   * a time, since they mostly wait; a process start costs a core for ~100 ms and must not crowd out its own deadlines.
   */
  processesAtOnce?: number;
}

export class SessionHosts {
  readonly emulates: readonly ProcessAspect[];
  private readonly maxHosts: number;
  private readonly hosts: Host[] = [];
  private nextId = 1;
  private closed = false;
  private readonly processSlots: Slots;

  constructor(options: SessionHostOptions) {
    this.maxHosts = Math.max(1, options.hosts);
    const unknown = options.emulates.filter((a) => !HOST_CAN_EMULATE.includes(a));
    if (unknown.length > 0) throw new HarnessError('PC_INTERNAL', `a session host cannot stand in for a process's ${unknown.join(', ')}`);
    this.emulates = [...options.emulates];
    this.processSlots = new Slots(options.processesAtOnce ?? this.maxHosts);
  }

  /** Waits for room for one more spawned process of this run; call the returned function once it is reaped. */
  processSlot(signal: AbortSignal): Promise<() => void> {
    return this.processSlots.acquire(signal);
  }

  /**
   * The command line a host serves for `spec`, or null when the spec is not the reference proxy
   * executable on its stdin with the harness's environment (anything else needs its own process).
   */
  static argvFor(spec: LaunchSpec): string[] | null {
    if (spec.executable !== process.execPath || spec.args[0] !== REFERENCE_PROXY_BIN) return null;
    if (spec.socket.kind !== 'stdin' || spec.env !== undefined) return null;
    return spec.args.slice(1);
  }

  /** Serves a session on `theirs` (always closed here) in a host; throws a HarnessError when no host can take it. */
  async serve(argv: readonly string[], theirs: number, observer: SessionObserver): Promise<HostedSession> {
    try {
      if (this.closed) throw new HarnessError('PC_INTERNAL', 'the session hosts are stopped');
      const host = this.pick();
      const session = new HostedSession(this.nextId++, host, observer);
      await host.start(session, argv, theirs);
      return session;
    } finally {
      native.close(theirs);
    }
  }

  /** The pids of the host processes not known to have died (tests prove none outlives close()). */
  get pids(): number[] {
    return this.hosts.filter((h) => !h.gone).map((h) => h.pid);
  }

  /** Stops every host: EOF on its control socket (it aborts what is left and exits), then SIGTERM, SIGKILL. Always reaps. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.hosts.splice(0).map((h) => h.stop()));
  }

  /** The least busy live host, or a new one while there are fewer than one per job. */
  private pick(): Host {
    // A host that died stays listed until close(), which reaps it.
    const live = this.hosts.filter((h) => !h.gone);
    const idle = live.sort((a, b) => a.load - b.load)[0];
    if (idle !== undefined && (idle.load === 0 || live.length >= this.maxHosts)) return idle;
    const host = Host.spawn();
    this.hosts.push(host);
    return host;
  }
}

/** One host process and its control socket; its sessions by id. */
class Host {
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
      child = SpawnedProcess.spawn({ executable: process.execPath, args: [HOST_MAIN], fds: new Map([[0, theirs]]), name: 'session host' });
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

/**
 * One session served by a host, in the shape of a spawned process: its exit is the session's end,
 * its output what the session wrote to stderr. It has no pid and cannot be signalled: a case that
 * needs either is routed to a process, and reaching them here is a harness error.
 */
export class HostedSession implements SessionProcess {
  private exitStatus: ExitStatus | null = null;
  private resolveExit: (status: ExitStatus) => void = () => {};
  private readonly exitPromise = new Promise<ExitStatus>((resolve) => (this.resolveExit = resolve));
  private output = '';

  constructor(
    readonly id: number,
    private readonly host: Host,
    private readonly observer: SessionObserver,
  ) {}

  get pid(): number {
    throw new HarnessError('PC_INTERNAL', 'a hosted session has no process of its own (cases/session-route.ts should have given this case one)');
  }

  get exited(): ExitStatus | null {
    return this.exitStatus;
  }

  outputTail(maxBytes = 2048): string {
    return this.output.length > maxBytes ? `…${this.output.slice(-maxBytes)}` : this.output;
  }

  waitForExit(timeoutMs: number, signal?: AbortSignal): Promise<ExitStatus | null> {
    return this.exitStatus ? Promise.resolve(this.exitStatus) : waitForStatus(this.exitPromise, timeoutMs, signal);
  }

  kill(signal: NodeJS.Signals): boolean {
    throw new HarnessError('PC_INTERNAL', `a hosted session cannot be sent ${signal} (cases/session-route.ts should have given this case a process)`);
  }

  /** As a process's teardown: `close` (EOF), wait; then the abort a SIGTERM would be, wait; then the host is killed. Always ends. */
  async stop(timeouts: TeardownTimeouts, close: () => void): Promise<ExitStatus> {
    close();
    if (await this.waitForExit(timeouts.exitMs)) return this.exitStatus as ExitStatus;
    this.observer.note?.('no exit after EOF: SIGTERM');
    this.host.abort(this.id);
    if (await this.waitForExit(timeouts.termMs)) return this.exitStatus as ExitStatus;
    this.observer.note?.('no exit after SIGTERM: SIGKILL (the session host with it)');
    this.host.kill();
    return (await this.waitForExit(HOST_EXIT_MS * 2)) ?? this.forceEnd();
  }

  keepOutput(text: string): void {
    this.output += text;
    if (this.output.length > OUTPUT_TAIL_BYTES) this.output = this.output.slice(-OUTPUT_TAIL_BYTES);
  }

  ended(status: ExitStatus, note?: string): void {
    if (this.exitStatus) return;
    if (note !== undefined) this.observer.note?.(note);
    this.exitStatus = status;
    this.observer.exited?.(status);
    this.resolveExit(status);
  }

  private forceEnd(): ExitStatus {
    this.ended({ code: null, signal: 'SIGKILL' }, 'the session host did not report the end');
    return this.exitStatus as ExitStatus;
  }
}

/** A counting semaphore whose waits end with the run's interrupt (the caller then runs at once: its case sees the interrupt itself). */
class Slots {
  private free: number;
  private readonly waiting: Array<() => void> = [];
  constructor(count: number) {
    this.free = Math.max(1, count);
  }

  async acquire(signal: AbortSignal): Promise<() => void> {
    if (this.free > 0) this.free--;
    else if (!signal.aborted) {
      await new Promise<void>((resolve) => {
        const onAbort = (): void => {
          const at = this.waiting.indexOf(wake);
          if (at !== -1) this.waiting.splice(at, 1);
          this.free--;
          resolve();
        };
        const wake = (): void => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
        this.waiting.push(wake);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    } else this.free--;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next !== undefined) next();
      else this.free++;
    };
  }
}

/** Calls `use` with session hosts for the run, and stops every host afterwards, whatever happens. */
export async function withSessionHosts<T>(options: SessionHostOptions, use: (hosts: SessionHosts) => Promise<T>): Promise<T> {
  const hosts = new SessionHosts(options);
  try {
    return await use(hosts);
  } finally {
    await hosts.close();
  }
}

/** With the reference proxy as the spec: `use` gets the spec with session hosts; any other spec is passed on as it is. */
export function withHostsIfReferenceProxy<T>(spec: LaunchSpec, options: SessionHostOptions, use: (spec: LaunchSpec) => Promise<T>): Promise<T> {
  if (SessionHosts.argvFor(spec) === null) return use(spec);
  return withSessionHosts(options, (hosts) => use({ ...spec, hosts }));
}
