// One child process, whatever it speaks: spawned in its own process group with the fds we hand it
// at the positions it expects, its stderr and stdout kept in a bounded tail, its exit observed, and
// ended for sure by pid: close → wait → SIGTERM → wait → SIGKILL, then the whole group swept.
import { setTimeout as sleep } from 'node:timers/promises';
import { execa, type Options, type ResultPromise } from 'execa';
import { onExit } from 'signal-exit';
import * as native from '../native.js';
import { HarnessError } from '../errors.js';

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

export class SpawnedProcess {
  readonly pid: number;
  private readonly subprocess: ResultPromise;
  private readonly outputChunks: Buffer[] = [];
  private outputBytes = 0;
  private exitStatus: ExitStatus | null = null;
  private readonly exitPromise: Promise<ExitStatus>;
  private readonly removeExitHook: () => void;

  private constructor(
    subprocess: ResultPromise,
    private readonly name: string,
    private readonly observer: ProcessObserver,
  ) {
    this.subprocess = subprocess;
    this.pid = subprocess.pid ?? -1;
    subprocess.stderr?.on('data', (chunk: Buffer) => this.keepOutput(chunk));
    subprocess.stdout?.on('data', (chunk: Buffer) => this.keepOutput(chunk));
    // A detached child is not killed by execa when we exit; if the harness dies before teardown
    // (a second Ctrl-C), this hook still takes the child's whole group with it.
    this.removeExitHook = onExit(() => this.sweepProcessGroup());
    // The exit itself, not the end of its output: a child it forked may hold stdout and stderr open
    // for long after. The output still gets a moment to drain, so a crash's last words are kept.
    const settled = subprocess.then((result): ExitStatus => ({ code: result.exitCode ?? null, signal: result.signal ?? null }));
    // A process that never started has no exit event: its settled result is the answer then.
    const exited = new Promise<ExitStatus>((resolve) => {
      subprocess.once('exit', (code, signal) => resolve({ code: code ?? null, signal: signal ?? null }));
    });
    this.exitPromise = Promise.race([exited, settled]).then(async (status) => {
      await Promise.race([settled, sleep(OUTPUT_DRAIN_MS, undefined, { ref: false })]);
      this.exitStatus = status;
      this.observer.exited?.(status);
      return status;
    });
  }

  /** Spawns the process; the fds in `spec.fds` are closed in this process either way. */
  static spawn(spec: ProcessSpec, observer: ProcessObserver = {}): SpawnedProcess {
    const stdio: Array<number | 'pipe' | 'ignore'> = ['ignore', 'pipe', 'pipe'];
    for (const [at, fd] of spec.fds) {
      while (stdio.length < at) stdio.push('ignore');
      stdio[at] = fd;
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
        // hostile program must not outlive its session).
        detached: true,
        ...(spec.env ? { env: spec.env } : {}),
      };
      subprocess = execa(spec.executable, [...spec.args], options);
    } catch (error) {
      throw new HarnessError('PC_SPAWN_FAILED', `could not start ${spec.executable}: ${(error as Error).message}`, {
        cause: error,
      });
    } finally {
      // Our copies of the child's fds must go at once, or EOF from a dead child is never seen.
      for (const fd of spec.fds.values()) native.close(fd);
    }
    return new SpawnedProcess(subprocess, spec.name, observer);
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
  async waitForExit(timeoutMs: number, signal?: AbortSignal): Promise<ExitStatus | null> {
    if (this.exitStatus) return this.exitStatus;
    // The timer is cancelled as soon as the wait ends, so no listener stays on the caller's signal.
    const done = new AbortController();
    const waitSignal = signal === undefined ? done.signal : AbortSignal.any([signal, done.signal]);
    const timer = sleep(timeoutMs, null, { ref: false, signal: waitSignal }).catch(() => null);
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
      this.removeExitHook();
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
