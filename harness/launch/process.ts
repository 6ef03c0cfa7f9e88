// One child process, whatever it speaks: spawned (posix_spawn, see native.spawn) in its own session
// and process group with the fds we hand it at the positions it expects, its stderr and stdout kept
// in a bounded tail, its exit observed through a pidfd, and ended for sure by pid: close → wait →
// SIGTERM → wait → SIGKILL, then the whole group swept, and the daemons it left (adopted-processes.ts).
import { constants } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { onExit } from 'signal-exit';
import * as native from '../native.js';
import { HarnessError } from '../errors.js';
import { becomeSubreaper, killAdopted, makeOwnerTag, noteReaped, noteSpawned, OWNER_ENV } from './adopted-processes.js';

const OUTPUT_TAIL_BYTES = 64 * 1024;
/** How long an exited process's output may take to drain before the exit is reported anyway. */
const OUTPUT_DRAIN_MS = 200;

interface ProcessSpec {
  executable: string;
  args: readonly string[];
  env?: Record<string, string>;
  /** Our fds the child gets, by its fd number (0 for stdin); ownership passes: they are closed here once spawned. */
  fds: ReadonlyMap<number, number>;
  /** How the process is named in transcript notes, e.g. `implementation`. */
  name: string;
  /** Sent to the process when the harness dies, even by SIGKILL: every process the harness starts (implementations, clients, hosts, the registry) would outlive it otherwise. */
  deathSignal?: NodeJS.Signals;
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

/** What the process reports as it goes, for a session's transcript. */
interface ProcessObserver {
  exited?(status: ExitStatus): void;
  note?(text: string): void;
}

/** `exit` if it settles within `timeoutMs` and before `signal` aborts, else null. */
export async function waitForStatus(exit: Promise<ExitStatus>, timeoutMs: number, signal?: AbortSignal): Promise<ExitStatus | null> {
  // A plain timer and one listener, both gone as soon as the wait ends: every session's end waits
  // here, and AbortSignal.any, with a DOMException for each wait's abort, showed in a fuzz run's profile.
  let timer: NodeJS.Timeout | undefined;
  let listener: (() => void) | undefined;
  const over = new Promise<null>((resolve) => {
    timer = setTimeout(resolve, timeoutMs, null);
    timer.unref();
    if (signal?.aborted === true) resolve(null);
    else if (signal !== undefined) signal.addEventListener('abort', (listener = () => resolve(null)), { once: true });
  });
  try {
    return await Promise.race([exit, over]);
  } finally {
    clearTimeout(timer);
    if (listener !== undefined) signal?.removeEventListener('abort', listener);
  }
}

export class SpawnedProcess {
  readonly pid: number;
  private readonly outputChunks: Buffer[] = [];
  private outputBytes = 0;
  private exitStatus: ExitStatus | null = null;
  private readonly exitPromise: Promise<ExitStatus>;
  private readonly removeExitHook: () => void;
  /** Set once the child is reaped: its pid may then belong to another process. */
  private reaped = false;
  private readonly output: OutputReader | null;

  private constructor(
    pid: number,
    pidfd: number | null,
    output: OutputReader | null,
    private readonly name: string,
    private readonly observer: ProcessObserver,
    /** The OWNER_ENV value it and whatever it forks carry. */
    private readonly tag = '',
  ) {
    this.pid = pid;
    this.output = output;
    output?.onData((chunk) => this.keepOutput(chunk));
    // A detached child is not killed when we exit; if the harness dies before teardown (a second
    // Ctrl-C), this hook still takes the child's whole group with it.
    this.removeExitHook = pid > 0 ? onExit(() => this.sweepProcessGroup()) : () => {};
    // The exit itself (the pidfd), not the end of its output: a child it forked may hold stdout and
    // stderr open for long after. The output still gets a moment to drain, so a crash's last words are kept.
    const exited = pidfd === null ? Promise.resolve({ code: null, signal: null }) : watchExit(pidfd).finally(() => {
      this.reaped = true;
      noteReaped(pid);
    });
    this.exitPromise = exited.then(async (status) => {
      if (output !== null) await Promise.race([output.ended, sleep(OUTPUT_DRAIN_MS, undefined, { ref: false })]);
      this.exitStatus = status;
      this.observer.exited?.(status);
      return status;
    });
  }

  /** Spawns the process; the fds in `spec.fds` are closed in this process either way. */
  static spawn(spec: ProcessSpec, observer: ProcessObserver = {}): SpawnedProcess {
    let output: OutputReader | null = null;
    try {
      // stdout and stderr share one pipe: the tail keeps both, in the order they were written.
      const [readEnd, writeEnd] = native.pipe();
      output = new OutputReader(readEnd);
      const fds = new Map<number, number>([
        [1, writeEnd],
        [2, writeEnd],
      ]);
      for (const [at, fd] of spec.fds) fds.set(at, fd);
      const devNull = fds.has(0) ? [] : [0];
      // Whatever the child forks and orphans is re-parented to us, and found by its tag.
      becomeSubreaper();
      const tag = makeOwnerTag();
      const env = { ...process.env, ...spec.env, [OWNER_ENV]: tag };
      let pid: number;
      try {
        pid = native.spawn(spec.executable, [spec.executable, ...spec.args], env, fds, devNull, spec.deathSignal);
        noteSpawned(pid);
      } finally {
        native.close(writeEnd);
      }
      let pidfd: number;
      try {
        pidfd = native.pidfdOpen(pid);
      } catch (error) {
        // Without a pidfd (Linux before 5.3) it could be neither watched nor reaped: it must not run on.
        process.kill(-pid, 'SIGKILL');
        throw error;
      }
      return new SpawnedProcess(pid, pidfd, output, spec.name, observer, tag);
    } catch (error) {
      output?.close();
      // A program that cannot be run (as a child that never started) has exited without a status.
      if (error instanceof native.SyscallError && error.syscall === 'posix_spawn') {
        observer.note?.(`could not start ${spec.executable}: ${error.code}`);
        return new SpawnedProcess(-1, null, null, spec.name, observer);
      }
      throw new HarnessError('PC_SPAWN_FAILED', `could not start ${spec.executable}: ${(error as Error).message}`, {
        cause: error,
      });
    } finally {
      // Our copies of the child's fds must go at once, or EOF from a dead child is never seen.
      for (const fd of spec.fds.values()) native.close(fd);
    }
  }

  /** The last bytes the process wrote to stderr (and stdout). */
  outputTail(maxBytes = 2048): string {
    const all = Buffer.concat(this.outputChunks).toString('utf8');
    return all.length > maxBytes ? `…${all.slice(-maxBytes)}` : all;
  }

  get exited(): ExitStatus | null {
    return this.exitStatus;
  }

  /** Waits up to `timeoutMs` for the process to exit; null if it is still running or `signal` cut the wait short. */
  waitForExit(timeoutMs: number, signal?: AbortSignal): Promise<ExitStatus | null> {
    return this.exitStatus ? Promise.resolve(this.exitStatus) : waitForStatus(this.exitPromise, timeoutMs, signal);
  }

  /** Sends a signal to the process by pid; false if it has already gone. */
  kill(signal: NodeJS.Signals): boolean {
    if (this.exitStatus || this.reaped || this.pid <= 0) return false;
    try {
      process.kill(this.pid, signal);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Ends the process for sure: `close` (EOF on whatever it reads), wait, SIGTERM, wait, SIGKILL; then
   * kills what is left in its process group. Never cut short: it always reaps.
   */
  async stop(timeouts: TeardownTimeouts, close: () => void): Promise<ExitStatus> {
    try {
      close();
      if (await this.waitForExit(timeouts.exitMs)) return this.exitStatus as ExitStatus;
      this.observer.note?.('no exit after EOF: SIGTERM');
      this.kill('SIGTERM');
      if (await this.waitForExit(timeouts.termMs)) return this.exitStatus as ExitStatus;
      this.observer.note?.('no exit after SIGTERM: SIGKILL');
      // The whole group: the exit is seen only once stdout and stderr close, and its children may hold them.
      this.killGroup();
      return await this.exitPromise;
    } finally {
      this.sweepProcessGroup();
      if ((await killAdopted(this.tag, this.pid)) > 0) this.observer.note?.(`killed processes the ${this.name} left outside its process group`);
      this.removeExitHook();
      // What it wrote is in the pipe by now; a process outside the group holding it open is not waited for.
      this.output?.close();
    }
  }

  /** Kills whatever is left in the process group (children it forked). */
  private sweepProcessGroup(): void {
    if (this.killGroup()) this.observer.note?.(`killed processes left in the ${this.name}'s process group`);
  }

  /** SIGKILL to every process in the group; false when none was left. */
  private killGroup(): boolean {
    if (this.pid <= 0) return false;
    try {
      process.kill(-this.pid, 'SIGKILL');
      return true;
    } catch (error) {
      if ((error as { code?: string }).code !== 'ESRCH') throw error;
      return false;
    }
  }

  private keepOutput(chunk: Buffer): void {
    this.outputChunks.push(chunk);
    this.outputBytes += chunk.length;
    while (this.outputBytes > OUTPUT_TAIL_BYTES && this.outputChunks.length > 1) {
      this.outputBytes -= (this.outputChunks.shift() as Buffer).length;
    }
  }
}

const SIGNAL_NAMES = new Map(Object.entries(constants.signals).map(([name, n]) => [n as number, name]));

/**
 * Resolves with the exit of the child behind `pidfd` once it is reaped; closes the pidfd. Once the
 * pidfd fires the watch ends whatever the reap says: a pidfd left readable and polled would spin the loop.
 */
function watchExit(pidfd: number): Promise<ExitStatus> {
  return new Promise((resolve) => {
    const poller = new native.Poller(pidfd, () => {
      let status: ExitStatus;
      try {
        const reaped = native.reapPidfd(pidfd);
        if (reaped === null) return;
        status = { code: reaped.code, signal: reaped.signal === null ? null : (SIGNAL_NAMES.get(reaped.signal) ?? `signal ${reaped.signal}`) };
      } catch {
        // Reaped elsewhere (ECHILD): it has exited, with a status no longer ours to read.
        status = { code: null, signal: null };
      }
      poller.close();
      native.close(pidfd);
      resolve(status);
    });
    poller.start(native.POLL_READABLE);
  });
}

/** The read end of the child's stdout+stderr pipe, read as data arrives until EOF or close(). */
class OutputReader {
  readonly ended: Promise<void>;
  private readonly poller: native.Poller;
  private readonly buffer = Buffer.allocUnsafe(64 * 1024);
  private sink: (chunk: Buffer) => void = () => {};
  private open = true;
  private end: () => void = () => {};

  constructor(private readonly fd: number) {
    native.setNonBlocking(fd, true);
    this.ended = new Promise((resolve) => (this.end = resolve));
    this.poller = new native.Poller(fd, () => this.drain());
    this.poller.start(native.POLL_READABLE);
  }

  onData(sink: (chunk: Buffer) => void): void {
    this.sink = sink;
  }

  /** Reads what is there now; at EOF (or a read error) closes the pipe. */
  private drain(): void {
    if (this.readAvailable() === 'eof') this.close();
  }

  /** Keeps what is readable now, then stops reading and closes the pipe. */
  close(): void {
    if (!this.open) return;
    this.readAvailable();
    this.open = false;
    this.poller.close();
    native.close(this.fd);
    this.end();
  }

  private readAvailable(): 'eof' | 'again' {
    for (;;) {
      let n: number | null;
      try {
        n = native.read(this.fd, this.buffer);
      } catch {
        return 'eof';
      }
      if (n === null) return 'again';
      if (n === 0) return 'eof';
      this.sink(Buffer.from(this.buffer.subarray(0, n)));
    }
  }
}
