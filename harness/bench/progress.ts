// What `npm run bench` is doing while it measures: a line as each measurement starts and ends, a
// line as its rounds, runs or cases complete (at most one every few seconds), and, when nothing has
// completed for a while, a line that says only that it is still running and what it last did.
// Lines go to stderr, so the table on stdout stays the table.

/** Event lines closer together than this are held back; the next heartbeat names the latest. */
const MIN_GAP_MS = 5_000;
/** After this long with no line, a heartbeat says the measurement is still running. */
const QUIET_MS = 10_000;

export interface ProgressClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): { unref?(): unknown };
  clearTimeout(handle: unknown): void;
}

const REAL_CLOCK: ProgressClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Reports one completed step of the running measurement (a round, a run, a case). `always`: a change
 * of phase, printed even when the last line was recent.
 */
export type ProgressStep = (text: string, always?: boolean) => void;

export interface BenchProgressOptions {
  write?: (line: string) => void;
  clock?: ProgressClock;
  minGapMs?: number;
  quietMs?: number;
}

export class BenchProgress {
  private readonly write: (line: string) => void;
  private readonly clock: ProgressClock;
  private readonly minGapMs: number;
  private readonly quietMs: number;
  private index = 0;

  constructor(
    private readonly total: number,
    options: BenchProgressOptions = {},
  ) {
    this.write = options.write ?? ((line) => void process.stderr.write(`${line}\n`));
    this.clock = options.clock ?? REAL_CLOCK;
    this.minGapMs = options.minGapMs ?? MIN_GAP_MS;
    this.quietMs = options.quietMs ?? QUIET_MS;
  }

  /**
   * Runs one measurement between a start and an end line. `run` gets a step function to report what
   * completed; `outcome` may add the measurement's figure to the end line.
   */
  async measure<T>(what: string, run: (step: ProgressStep) => Promise<T>, outcome?: (result: T) => string): Promise<T> {
    this.index += 1;
    const tag = `bench [${this.index}/${this.total}]`;
    const started = this.clock.now();
    let lastLine = started;
    let lastStep: string | null = null;
    let stepPrinted = true;
    let timer: unknown = null;
    const seconds = () => `${((this.clock.now() - started) / 1000).toFixed(0)} s`;
    const arm = () => {
      if (timer !== null) this.clock.clearTimeout(timer);
      const handle = this.clock.setTimeout(heartbeat, this.quietMs);
      handle.unref?.();
      timer = handle;
    };
    const line = (text: string) => {
      this.write(text);
      lastLine = this.clock.now();
      arm();
    };
    const heartbeat = () => {
      timer = null;
      const last = lastStep === null ? 'nothing completed yet' : stepPrinted ? `last: ${lastStep}` : `latest: ${lastStep}`;
      stepPrinted = true;
      line(`${tag} still running, ${seconds()} in (${last})`);
    };
    const step: ProgressStep = (text, always = false) => {
      lastStep = text;
      if (always || this.clock.now() - lastLine >= this.minGapMs) {
        stepPrinted = true;
        line(`${tag} ${text}`);
      } else {
        stepPrinted = false;
      }
    };
    line(`${tag} start: ${what}`);
    try {
      const result = await run(step);
      const figure = outcome?.(result);
      this.write(`${tag} done: ${what} in ${((this.clock.now() - started) / 1000).toFixed(1)} s${figure ? ` (${figure})` : ''}`);
      return result;
    } catch (error) {
      this.write(`${tag} failed: ${what} after ${seconds()}`);
      throw error;
    } finally {
      if (timer !== null) this.clock.clearTimeout(timer);
    }
  }
}

/** "12/263 cases" style counts for runs reported result by result. */
export function countingStep(step: ProgressStep | undefined, total: number, noun: string): () => void {
  let done = 0;
  return () => {
    done += 1;
    step?.(`${done}/${total} ${noun}`);
  };
}

/** A command's output line, short enough for a progress line. */
export function firstLine(text: string, most = 120): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > most ? `${line.slice(0, most - 1)}…` : line;
}
