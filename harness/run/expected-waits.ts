// Which cases are expected to wait out a deadline: those tagged `hang` (a stalled upstream, a known
// deadlock) and those the run's baseline records as hangs. They start first (runCases' `startFirst`),
// so their waits run beside the other cases' work rather than after it: the order cases start in
// changes no verdict, and results stay in suite order.
import type { CaseMetadata } from '../model/case.js';
import type { Baseline } from '../verdicts/baseline.js';

export function expectedToWait(c: CaseMetadata, baseline: Baseline | undefined): boolean {
  return c.tags.includes('hang') || baseline?.cases[c.id]?.status === 'hang';
}
