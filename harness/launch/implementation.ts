// One running implementation: spawned with one end of a socketpair as its stdin or fd N, its
// stderr kept in a bounded tail, its exit observed, and torn down by Shutdown → SIGTERM → SIGKILL.
import { setTimeout as sleep } from 'node:timers/promises';
import { execa, type Options, type ResultPromise } from 'execa';
import { onExit } from 'signal-exit';
import * as native from '../native.js';
import { HarnessError } from '../errors.js';
import { ProxyClient } from '../protocol/client.js';
import { Transcript } from '../protocol/transcript.js';
import { makeDeadline } from '../transport/deadline.js';
import { PacketSocket } from '../transport/packet-socket.js';

const STDERR_TAIL_BYTES = 64 * 1024;

/** How the socket reaches the implementation: as its stdin, or as fd N with `--sockfd N` appended. */
export type SocketMode = { kind: 'stdin' } | { kind: 'fd'; fd: number };

export interface LaunchSpec {
  executable: string;
  /** Full argv after the executable, before any `--sockfd N`. */
  args: readonly string[];
  socket: SocketMode;
  env?: Record<string, string>;
}

export interface ExitStatus {
  code: number | null;
  signal: string | null;
}

/** Exit 0 without a signal: how a proxy must end after Shutdown or EOF. */
export function isCleanExit(exit: ExitStatus): boolean {
  return exit.code === 0 && exit.signal === null;
}

/** `exited (code 2)` or `was killed by SIGKILL`, for verdict messages. */
export function describeExit(exit: ExitStatus): string {
  return exit.signal ? `was killed by ${exit.signal}` : `exited (code ${exit.code})`;
}

export interface TeardownTimeouts {
  /** How long to wait for a clean exit after Shutdown (or EOF). */
  exitMs: number;
  /** How long to wait after SIGTERM before SIGKILL. */
  termMs: number;
}

export class Implementation {
  readonly pid: number;
  readonly client: ProxyClient;
  readonly transcript: Transcript;
  readonly socket: PacketSocket;
  private readonly subprocess: ResultPromise;
  private readonly stderrChunks: Buffer[] = [];
  private stderrBytes = 0;
  private exitStatus: ExitStatus | null = null;
  private readonly exitPromise: Promise<ExitStatus>;

  private readonly signal: AbortSignal;
  private readonly removeExitHook: () => void;

  private constructor(subprocess: ResultPromise, socket: PacketSocket, signal: AbortSignal) {
    this.subprocess = subprocess;
    this.signal = signal;
    this.pid = subprocess.pid ?? -1;
    this.socket = socket;
    this.transcript = new Transcript();
    this.client = new ProxyClient(socket, this.transcript, signal);
    subprocess.stderr?.on('data', (chunk: Buffer) => this.keepStderr(chunk));
    subprocess.stdout?.on('data', (chunk: Buffer) => this.keepStderr(chunk));
    // A detached child is not killed by execa when we exit; if the harness dies before teardown
    // (a second Ctrl-C), this hook still takes the implementation's whole group with it.
    this.removeExitHook = onExit(() => this.sweepProcessGroup());
    this.exitPromise = subprocess.then((result) => {
      const status: ExitStatus = { code: result.exitCode ?? null, signal: result.signal ?? null };
      this.exitStatus = status;
      this.transcript.add({ event: 'exit', ...status });
      return status;
    });
  }

  /** Spawns the implementation on a fresh socketpair. */
  static launch(spec: LaunchSpec, signal: AbortSignal): Implementation {
    const [ours, theirs] = native.socketpair();
    const args = spec.socket.kind === 'fd' ? [...spec.args, '--sockfd', String(spec.socket.fd)] : [...spec.args];
    const stdio: Array<number | 'pipe' | 'ignore'> =
      spec.socket.kind === 'stdin' ? [theirs, 'pipe', 'pipe'] : ['ignore', 'pipe', 'pipe'];
    if (spec.socket.kind === 'fd') {
      while (stdio.length < spec.socket.fd) stdio.push('ignore');
      stdio[spec.socket.fd] = theirs;
    }
    let subprocess: ResultPromise;
    try {
      const options: Options = {
        stdio: stdio as unknown as Options['stdio'],
        buffer: false,
        reject: false,
        cleanup: true,
        forceKillAfterDelay: false,
        // Its own process group, so that teardown can sweep children it forked (a daemonising or
        // hostile implementation must not outlive the check).
        detached: true,
        ...(spec.env ? { env: spec.env } : {}),
      };
      subprocess = execa(spec.executable, args, options);
    } catch (error) {
      native.close(ours);
      native.close(theirs);
      throw new HarnessError('PC_SPAWN_FAILED', `could not start ${spec.executable}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    // Our copy of the child's end must go at once, or EOF from a dead child is never seen.
    native.close(theirs);
    return new Implementation(subprocess, new PacketSocket(ours), signal);
  }

  /** The last bytes the implementation wrote to stderr (and stdout). */
  stderrTail(maxBytes = 2048): string {
    const all = Buffer.concat(this.stderrChunks).toString('utf8');
    return all.length > maxBytes ? `…${all.slice(-maxBytes)}` : all;
  }

  get exited(): ExitStatus | null {
    return this.exitStatus;
  }

  /**
   * Waits up to `timeoutMs` for the process to exit; null if it is still running. The session's
   * abort cuts the wait short, except during teardown, which must always finish.
   */
  async waitForExit(timeoutMs: number, options: { abortable?: boolean } = {}): Promise<ExitStatus | null> {
    if (this.exitStatus) return this.exitStatus;
    // The timer is cancelled as soon as the wait ends, so no listener stays on the session signal.
    const done = new AbortController();
    const signal = options.abortable === false ? done.signal : AbortSignal.any([this.signal, done.signal]);
    const timer = sleep(timeoutMs, null, { ref: false, signal }).catch(() => null);
    try {
      return await Promise.race([this.exitPromise, timer]);
    } finally {
      done.abort();
    }
  }

  /** Sends a signal to the process by pid; false if it has already gone. */
  kill(signal: NodeJS.Signals): boolean {
    if (this.exitStatus) return false;
    return this.subprocess.kill(signal);
  }

  /**
   * Ends the session for sure: optionally asks with Shutdown, closes our socket (EOF), waits, then
   * SIGTERM, then SIGKILL. Always closes every fd and reaps the process.
   */
  async teardown(timeouts: TeardownTimeouts, options: { shutdown?: boolean } = {}): Promise<ExitStatus> {
    try {
      return await this.endProcess(timeouts, options);
    } finally {
      this.sweepProcessGroup();
      this.removeExitHook();
    }
  }

  private async endProcess(timeouts: TeardownTimeouts, options: { shutdown?: boolean }): Promise<ExitStatus> {
    if (options.shutdown && !this.exitStatus && !this.socket.isClosed) {
      try {
        const deadline = makeDeadline(new AbortController().signal, timeouts.exitMs);
        try {
          await this.client.send(Buffer.from('{"method":"Shutdown","args":[]}'), [], deadline.signal);
        } finally {
          deadline.clear();
        }
      } catch (error) {
        this.transcript.note(`Shutdown not sent: ${(error as Error).message}`);
      }
      await this.waitForExit(timeouts.exitMs, { abortable: false });
    }
    this.socket.close();
    if (await this.waitForExit(timeouts.exitMs, { abortable: false })) return this.exitStatus as ExitStatus;
    this.transcript.note('no exit after EOF: SIGTERM');
    this.kill('SIGTERM');
    if (await this.waitForExit(timeouts.termMs, { abortable: false })) return this.exitStatus as ExitStatus;
    this.transcript.note('no exit after SIGTERM: SIGKILL');
    this.kill('SIGKILL');
    return this.exitPromise;
  }

  /** Kills whatever is left in the implementation's process group (children it forked). */
  private sweepProcessGroup(): void {
    if (this.pid <= 0) return;
    try {
      process.kill(-this.pid, 'SIGKILL');
      this.transcript.note('killed processes left in the implementation\'s process group');
    } catch (error) {
      if ((error as { code?: string }).code !== 'ESRCH') throw error;
    }
  }

  private keepStderr(chunk: Buffer): void {
    this.stderrChunks.push(chunk);
    this.stderrBytes += chunk.length;
    while (this.stderrBytes > STDERR_TAIL_BYTES && this.stderrChunks.length > 1) {
      this.stderrBytes -= (this.stderrChunks.shift() as Buffer).length;
    }
  }
}
