// Cases a baseline marks flaky get a second chance, alone, with both outcomes kept.
import type { CheckDefinition } from '../../checks/types.js';
import type { HarnessConfig } from '../../config.js';
import { runSuite } from '../../cases/run-suite.js';
import type { LaunchSpec } from '../../launch/implementation.js';
import type { SuiteImages } from '../../model/suite-images.js';
import type { RunRegistry } from '../../registry/run-registry.js';
import type { Baseline } from '../../verdicts/baseline.js';
import type { CheckResult, RunResult } from '../../verdicts/result.js';
import type { VerdictStatus } from '../../verdicts/verdict.js';

/**
 * A case recorded as flaky that did not pass runs once more, alone; both outcomes are kept, so a
 * flaky case never turns green without saying so.
 */
export async function rerunFlaky(
  run: RunResult,
  baseline: Baseline,
  attempts: Map<string, VerdictStatus[]>,
  input: { spec: LaunchSpec; checks: readonly CheckDefinition[]; images: SuiteImages; config: HarnessConfig; signal: AbortSignal; registry: RunRegistry },
): Promise<RunResult> {
  const flaky = run.results.filter((r) => isFlaky(baseline, r.id) && !['pass', 'not-applicable'].includes(r.verdict.status));
  if (flaky.length === 0 || run.preflightError !== null) return run;
  const again = await runSuite({ ...input, checks: input.checks.filter((c) => flaky.some((r) => r.id === c.id)), jobs: 1 });
  const byId = new Map(again.results.map((r) => [r.id, r]));
  const results = run.results.map((r): CheckResult => {
    const second = byId.get(r.id);
    if (second === undefined || second.verdict.status === 'interrupted') return r;
    attempts.set(r.id, [r.verdict.status]);
    return second;
  });
  return { ...run, results };
}

function isFlaky(baseline: Baseline, id: string): boolean {
  return baseline.cases[id]?.flaky === true;
}
