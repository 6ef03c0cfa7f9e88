// --fail-on LEVEL: which failures fail the run. Every result is still reported; only the exit code
// and the summary's note about gating depend on it. Default INFO: every failure gates, as before.
import { DEFAULT_FAIL_ON } from '../config.js';
import { HarnessError } from '../errors.js';
import type { Level } from '../model/case.js';
import { isFailure, type VerdictStatus } from './verdict.js';

export { DEFAULT_FAIL_ON };

/** Strictest first: a failure gates when its case's rank is at most the --fail-on level's. */
const RANK: Record<Level, number> = { MUST: 0, SHOULD: 1, INFO: 2 };

/** `--fail-on` in any letter case; a PC_USAGE HarnessError for anything else. */
export function parseFailOn(text: string): Level {
  const level = text.trim().toUpperCase();
  if (Object.hasOwn(RANK, level)) return level as Level;
  throw new HarnessError('PC_USAGE', `--fail-on takes MUST, SHOULD or INFO, not "${text}"`);
}

/** True when a failure of a case at `level` fails a run gated at `failOn`. */
export function gates(level: Level, failOn: Level = DEFAULT_FAIL_ON): boolean {
  return RANK[level] <= RANK[failOn];
}

interface LeveledCase {
  id: string;
  level: Level;
  verdict: { status: VerdictStatus };
}

/**
 * What the summary line adds about gating: nothing at the default (every failure gates), else how
 * many failures gate at this level and how many are reported only.
 */
export function describeGate(cases: readonly LeveledCase[], failOn: Level = DEFAULT_FAIL_ON): string {
  if (failOn === 'INFO') return '';
  const failed = cases.filter((c) => isFailure(c.verdict.status));
  const gating = failed.filter((c) => gates(c.level, failOn)).length;
  const levels = failOn === 'MUST' ? 'MUST' : 'MUST and SHOULD';
  return `; --fail-on ${failOn}: ${gating} of ${failed.length} failures gate the run (${levels} cases), ${failed.length - gating} reported only`;
}

/** What `--fail-on LEVEL` means, for the reports' headers. */
export function describeFailOn(failOn: Level): string {
  if (failOn === 'MUST') return 'failures of MUST cases fail the run; the others are reported only';
  if (failOn === 'SHOULD') return 'failures of MUST and SHOULD cases fail the run; INFO failures are reported only';
  return 'every failure fails the run';
}
