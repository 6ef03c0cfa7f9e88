// Exit codes, documented in --help and the README, and the policy that picks one for a run.
import type { Level } from '../model/case.js';
import { DEFAULT_FAIL_ON, gates } from './fail-on.js';
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
  /** stdout or stderr was closed (a pipe's reader went, as `| head` does): stopped and torn down as on Ctrl-C (128 + SIGPIPE). */
  OUTPUT_CLOSED: 141,
} as const;

/** What gates one implementation's run: its verdicts and, when it had a baseline, the differences from it. */
export interface GatedRun {
  cases: readonly { id: string; level: Level; verdict: { status: VerdictStatus } }[];
  baseline: { regressions: readonly { id: string }[]; unknown: readonly unknown[]; stale: readonly unknown[] } | null;
}

/**
 * The run's exit code: the worst verdict first (an interrupt, then a harness error), then failures —
 * with a baseline, only differences from it; with `failOn`, only of cases at that level or stricter —
 * then unknown baseline ids, then stale records.
 */
export function exitCodeFor(runs: readonly GatedRun[], options: { interrupted: boolean; failOn?: Level }): number {
  const worst = worstStatus(runs.flatMap((r) => r.cases.map((c) => c.verdict.status)));
  if (options.interrupted || worst === 'interrupted') return EXIT.INTERRUPTED;
  if (worst === 'harness-error') return EXIT.HARNESS_ERROR;
  if (runs.some((r) => countGating(r, options.failOn).gating > 0)) return EXIT.FAILED;
  if (runs.some((r) => (r.baseline?.unknown.length ?? 0) > 0)) return EXIT.UNKNOWN_BASELINE_ID;
  if (runs.some((r) => (r.baseline?.stale.length ?? 0) > 0)) return EXIT.STALE_BASELINE;
  return EXIT.OK;
}

/**
 * How many of a run's failures (with a baseline: its regressions) gate at `failOn` and how many are
 * reported only: the exit code and the reports count them alike. A regression of a case the run
 * does not hold gates.
 */
export function countGating(run: GatedRun, failOn: Level = DEFAULT_FAIL_ON): { gating: number; reportedOnly: number } {
  const levelOf = new Map(run.cases.map((c) => [c.id, c.level]));
  const ids = run.baseline === null ? run.cases.filter((c) => isFailure(c.verdict.status)).map((c) => c.id) : run.baseline.regressions.map((r) => r.id);
  const gating = ids.filter((id) => gates(levelOf.get(id) ?? 'MUST', failOn)).length;
  return { gating, reportedOnly: ids.length - gating };
}
