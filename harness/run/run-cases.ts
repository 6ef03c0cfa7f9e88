// Cases run `jobs` at a time, reported as they finish and returned in the given order. The run's
// interrupt stops the scheduling: cases never started are returned as not run. Optionally a case
// still running after `waiting.afterMs` is taken to be waiting out a deadline (a hang, a timeout)
// rather than working, and gives its job slot to the next case: up to `waiting.most` such cases run
// beside the `jobs` working ones, so a few hangs do not hold up the whole run. Cases expected to
// wait (`startFirst`) start before the rest, so that their waits overlap the others' work instead of
// trailing the run.
import type { CaseMetadata } from '../model/case.js';
import type { CaseResult } from '../verdicts/result.js';

interface ScheduleOptions<C> {
  signal: AbortSignal;
  /** Cases run at once (default 1). */
  jobs?: number;
  /** When a running case gives up its slot, and how many may run that way at once (default: never). */
  waiting?: { afterMs: number; most: number };
  /** Cases to start before the others, keeping their order: those expected to wait out a deadline. */
  startFirst?: (c: C) => boolean;
  onStart?: (c: C) => void;
  onResult?: (result: CaseResult) => void;
}

interface ScheduledResults {
  /** In the order of the cases given; only the cases that were started. */
  results: CaseResult[];
  /** Ids of the cases never started: the run was interrupted first. */
  notRun: string[];
}

export async function runCases<C extends CaseMetadata>(cases: readonly C[], run: (c: C) => Promise<CaseResult>, options: ScheduleOptions<C>): Promise<ScheduledResults> {
  const { signal, onStart, onResult, waiting } = options;
  const results: Array<CaseResult | undefined> = new Array(cases.length);
  const jobs = Math.max(1, Math.min(options.jobs ?? 1, cases.length));
  const first = options.startFirst ?? (() => false);
  const indexes = cases.map((_, i) => i);
  /** Indexes into `cases`, in the order they start. */
  const order = [...indexes.filter((i) => first(cases[i] as C)), ...indexes.filter((i) => !first(cases[i] as C))];
  let next = 0;
  /** Cases holding a job slot, and cases that gave theirs up while they wait. */
  let working = 0;
  let waitingNow = 0;
  const running = new Set<Promise<void>>();

  const start = (index: number): void => {
    const c = cases[index] as C;
    working += 1;
    let holdsSlot = true;
    const timer =
      waiting === undefined
        ? undefined
        : setTimeout(() => {
            if (waitingNow >= waiting.most) return;
            holdsSlot = false;
            working -= 1;
            waitingNow += 1;
            fill();
          }, waiting.afterMs);
    onStart?.(c);
    const done = run(c).then((result) => {
      clearTimeout(timer);
      if (holdsSlot) working -= 1;
      else waitingNow -= 1;
      results[index] = result;
      onResult?.(result);
      running.delete(done);
      fill();
    });
    running.add(done);
  };
  const fill = (): void => {
    while (working < jobs && next < order.length && !signal.aborted) start(order[next++] as number);
  };

  fill();
  while (running.size > 0) await Promise.race(running);
  return {
    results: results.filter((r): r is CaseResult => r !== undefined),
    notRun: cases.filter((_, i) => results[i] === undefined).map((c) => c.id),
  };
}
