// Cases run `jobs` at a time, reported as they finish and returned in the given order. The run's
// interrupt stops the scheduling: cases never started are returned as not run.
import type { CaseMetadata } from '../model/case.js';
import type { CheckResult } from '../verdicts/result.js';

interface ScheduleOptions<C> {
  signal: AbortSignal;
  /** Cases run at once (default 1). */
  jobs?: number;
  onStart?: (c: C) => void;
  onResult?: (result: CheckResult) => void;
}

interface ScheduledResults {
  /** In the order of the cases given; only the cases that were started. */
  results: CheckResult[];
  /** Ids of the cases never started: the run was interrupted first. */
  notRun: string[];
}

export async function runCases<C extends CaseMetadata>(cases: readonly C[], run: (c: C) => Promise<CheckResult>, options: ScheduleOptions<C>): Promise<ScheduledResults> {
  const { signal, onStart, onResult } = options;
  const results: Array<CheckResult | undefined> = new Array(cases.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length && !signal.aborted) {
      const index = next++;
      const c = cases[index] as C;
      onStart?.(c);
      const result = await run(c);
      results[index] = result;
      onResult?.(result);
    }
  };
  const jobs = Math.max(1, Math.min(options.jobs ?? 1, cases.length));
  await Promise.all(Array.from({ length: jobs }, worker));
  return {
    results: results.filter((r): r is CheckResult => r !== undefined),
    notRun: cases.filter((_, i) => results[i] === undefined).map((c) => c.id),
  };
}
