// Exit codes, documented in --help and the README, and the policy that picks one for a run.
import { isFailure, worstStatus, type VerdictStatus } from './verdict.js';

export const EXIT = {
  /** Every check passed (or was not applicable). */
  OK: 0,
  /** At least one check failed, hung or crashed the implementation (with --baseline: an outcome differs from its record). */
  FAILED: 1,
  /** The command line or an input file is wrong. */
  USAGE: 2,
  /** The harness itself could not do its job (fixtures, addon, internal fault). */
  HARNESS_ERROR: 3,
  /** With --baseline: every outcome matched, but a recorded failure now passes (update the baseline). */
  STALE_BASELINE: 4,
  /** With --baseline: the baseline names a case id the suite does not have. */
  UNKNOWN_BASELINE_ID: 5,
  /** Interrupted (Ctrl-C): everything was torn down. */
  INTERRUPTED: 130,
} as const;

/** What gates one implementation's run: its verdicts and, when it had a baseline, the differences from it. */
export interface GatedRun {
  cases: readonly { verdict: { status: VerdictStatus } }[];
  baseline: { regressions: readonly unknown[]; unknown: readonly unknown[]; stale: readonly unknown[] } | null;
}

/**
 * The run's exit code: the worst verdict first (an interrupt, then a harness error), then failures —
 * with a baseline, only differences from it — then unknown baseline ids, then stale records.
 */
export function exitCodeFor(runs: readonly GatedRun[], options: { interrupted: boolean }): number {
  const worst = worstStatus(runs.flatMap((r) => r.cases.map((c) => c.verdict.status)));
  if (options.interrupted || worst === 'interrupted') return EXIT.INTERRUPTED;
  if (worst === 'harness-error') return EXIT.HARNESS_ERROR;
  if (runs.some((r) => (r.baseline === null ? r.cases.some((c) => isFailure(c.verdict.status)) : r.baseline.regressions.length > 0))) return EXIT.FAILED;
  if (runs.some((r) => (r.baseline?.unknown.length ?? 0) > 0)) return EXIT.UNKNOWN_BASELINE_ID;
  if (runs.some((r) => (r.baseline?.stale.length ?? 0) > 0)) return EXIT.STALE_BASELINE;
  return EXIT.OK;
}
