// Sessions of the reference proxy without a process each: a few long-lived host processes
// (reference-proxy/executable/session-host.ts), one per job, each handed a session's socket end over its
// control socket with the command line the executable would have got. For runs where the process
// is not what is tested (the mutation score, fuzzing the reference proxy); which cases a host may
// serve is decided in run/session-route.ts.
import { HarnessError } from '../errors.js';
import * as native from '../native.js';
import type { ProcessAspect } from '../model/case.js';
import { HostedSession, type SessionObserver } from './hosted-session.js';
import { Host } from './host-process.js';
import type { LaunchSpec } from './launch-spec.js';
import { REFERENCE_PROXY_BIN } from './resolve-impl.js';
import { Slots } from './slots.js';

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

/** Calls `use` with session hosts for the run, and stops every host afterwards, whatever happens. */
export async function withSessionHosts<T>(options: SessionHostOptions, use: (hosts: SessionHosts) => Promise<T>): Promise<T> {
  const hosts = new SessionHosts(options);
  try {
    return await use(hosts);
  } finally {
    await hosts.close();
  }
}

/** With the reference proxy as the spec: `use` gets session hosts for it; any other spec gets none. */
export function withHostsIfReferenceProxy<T>(spec: LaunchSpec, options: SessionHostOptions, use: (hosts: SessionHosts | undefined) => Promise<T>): Promise<T> {
  if (SessionHosts.argvFor(spec) === null) return use(undefined);
  return withSessionHosts(options, (hosts) => use(hosts));
}
