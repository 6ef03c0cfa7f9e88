import { describe, expect, test } from 'vitest';
import { EXIT, exitCodeFor, type GatedRun } from './exit-codes.js';
import type { VerdictStatus } from './verdict.js';

function run(statuses: VerdictStatus[], baseline: { regressions?: number; unknown?: number; stale?: number } | null = null): GatedRun {
  const list = (n = 0) => Array.from({ length: n }, (_, i) => i);
  return {
    cases: statuses.map((status) => ({ verdict: { status } })),
    baseline: baseline === null ? null : { regressions: list(baseline.regressions), unknown: list(baseline.unknown), stale: list(baseline.stale) },
  };
}

describe('the exit code of a run', () => {
  test('is 0 when every case passed or did not apply, and for no implementation at all', () => {
    expect(exitCodeFor([run(['pass', 'not-applicable'])], { interrupted: false })).toBe(EXIT.OK);
    expect(exitCodeFor([], { interrupted: false })).toBe(EXIT.OK);
  });

  test('is 1 for any failure, hang or crash without a baseline', () => {
    for (const status of ['fail', 'hang', 'crash'] as const) expect(exitCodeFor([run(['pass', status])], { interrupted: false })).toBe(EXIT.FAILED);
  });

  test('with a baseline, gates on regressions, then unknown ids, then stale records, not on recorded failures', () => {
    expect(exitCodeFor([run(['fail'], {})], { interrupted: false })).toBe(EXIT.OK);
    expect(exitCodeFor([run(['fail'], { regressions: 1, unknown: 1, stale: 1 })], { interrupted: false })).toBe(EXIT.FAILED);
    expect(exitCodeFor([run(['pass'], { unknown: 1, stale: 1 })], { interrupted: false })).toBe(EXIT.UNKNOWN_BASELINE_ID);
    expect(exitCodeFor([run(['pass'], { stale: 1 })], { interrupted: false })).toBe(EXIT.STALE_BASELINE);
  });

  test('takes the worst over several implementations: a harness error anywhere beats a failure elsewhere', () => {
    expect(exitCodeFor([run(['fail']), run(['harness-error'], {})], { interrupted: false })).toBe(EXIT.HARNESS_ERROR);
    expect(exitCodeFor([run(['pass'], { stale: 1 }), run(['fail'])], { interrupted: false })).toBe(EXIT.FAILED);
    expect(exitCodeFor([run(['pass'], { stale: 1 }), run(['pass'], { unknown: 1 })], { interrupted: false })).toBe(EXIT.UNKNOWN_BASELINE_ID);
  });

  test('is 130 for an interrupted run, whatever its verdicts', () => {
    expect(exitCodeFor([run(['harness-error', 'fail'])], { interrupted: true })).toBe(EXIT.INTERRUPTED);
    expect(exitCodeFor([], { interrupted: true })).toBe(EXIT.INTERRUPTED);
  });
});
