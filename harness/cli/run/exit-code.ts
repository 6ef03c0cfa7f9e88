// A run's exit code: each implementation's from its outcomes and baseline, then the worst of them.
import { tally, type ImplementationRun } from '../../report/model.js';
import { EXIT } from '../../verdicts/exit-codes.js';

/** Regressions fail the run; then unknown ids, then stale records; without a baseline, any failure. */
export function exitCodeOf(run: ImplementationRun): number {
  const c = tally(run.cases);
  if (c['harness-error'] > 0) return EXIT.HARNESS_ERROR;
  const b = run.baseline;
  if (b === null) return c.failed > 0 ? EXIT.FAILED : EXIT.OK;
  if (b.regressions.length > 0) return EXIT.FAILED;
  if (b.unknown.length > 0) return EXIT.UNKNOWN_BASELINE_ID;
  if (b.stale.length > 0) return EXIT.STALE_BASELINE;
  return EXIT.OK;
}

const EXIT_PRIORITY: number[] = [EXIT.HARNESS_ERROR, EXIT.FAILED, EXIT.UNKNOWN_BASELINE_ID, EXIT.STALE_BASELINE];

export function worstExit(codes: readonly number[]): number {
  return EXIT_PRIORITY.find((code) => codes.includes(code)) ?? EXIT.OK;
}
