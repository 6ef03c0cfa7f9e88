// Cases a baseline marks flaky get a second chance, alone, with both outcomes kept.
import type { Baseline } from '../../verdicts/baseline.js';
import type { CaseResult, RunResult } from '../../verdicts/result.js';
import type { VerdictStatus } from '../../verdicts/verdict.js';

/**
 * A case recorded as flaky that did not pass runs once more, alone (`again` runs the given ids); both
 * outcomes are kept, the first in `attempts`, so a flaky case never turns green without saying so.
 */
export async function rerunFlaky(
  run: RunResult,
  baseline: Baseline,
  attempts: Map<string, VerdictStatus[]>,
  again: (ids: ReadonlySet<string>) => Promise<RunResult>,
): Promise<RunResult> {
  const flaky = run.results.filter((r) => isFlaky(baseline, r.id) && !['pass', 'not-applicable'].includes(r.verdict.status));
  if (flaky.length === 0 || run.preflightError !== null) return run;
  const second = await again(new Set(flaky.map((r) => r.id)));
  const byId = new Map(second.results.map((r) => [r.id, r]));
  const results = run.results.map((r): CaseResult => {
    const next = byId.get(r.id);
    if (next === undefined || next.verdict.status === 'interrupted') return r;
    attempts.set(r.id, [r.verdict.status]);
    return next;
  });
  return { ...run, results };
}

function isFlaky(baseline: Baseline, id: string): boolean {
  return baseline.cases[id]?.flaky === true;
}
