// Which cases are expected to wait out a deadline: those tagged `hang` (a stalled upstream, a known
// deadlock) and those recorded as hangs (in the run's baseline; for mutation-score, in the clean run). They start first (runCases' `startFirst`),
// so their waits run beside the other cases' work rather than after it: the order cases start in
// changes no verdict, and results stay in suite order.
import type { CaseMetadata } from '../model/case.js';
import type { VerdictStatus } from '../verdicts/verdict.js';

/** `recorded`: the status on record for the case, if any. */
export function expectedToWait(c: CaseMetadata, recorded: VerdictStatus | undefined): boolean {
  return c.tags.includes('hang') || recorded === 'hang';
}
