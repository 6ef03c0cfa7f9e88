import { describe, expect, test } from 'vitest';
import { EXIT, exitCodeFor, type GatedRun } from './exit-codes.js';
import type { Level } from '../model/case.js';
import { describeGate, parseFailOn } from './fail-on.js';
import type { VerdictStatus } from './verdict.js';

/** Cases `c0`, `c1`, … with these statuses (at MUST unless `levels` says otherwise); a regression names `c<i>`. */
function run(statuses: VerdictStatus[], baseline: { regressions?: number; unknown?: number; stale?: number } | null = null, levels: Level[] = []): GatedRun {
  const list = (n = 0) => Array.from({ length: n }, (_, i) => ({ id: `c${i}` }));
  return {
    cases: statuses.map((status, i) => ({ id: `c${i}`, level: levels[i] ?? 'MUST', verdict: { status } })),
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

  test('with --fail-on, only failures of cases at that level or stricter fail the run, with or without a baseline', () => {
    const mixed = run(['pass', 'fail', 'hang'], null, ['MUST', 'SHOULD', 'INFO']);
    expect(exitCodeFor([mixed], { interrupted: false })).toBe(EXIT.FAILED);
    expect(exitCodeFor([mixed], { interrupted: false, failOn: 'INFO' })).toBe(EXIT.FAILED);
    expect(exitCodeFor([mixed], { interrupted: false, failOn: 'SHOULD' })).toBe(EXIT.FAILED);
    expect(exitCodeFor([mixed], { interrupted: false, failOn: 'MUST' })).toBe(EXIT.OK);
    expect(exitCodeFor([run(['crash'], null, ['MUST'])], { interrupted: false, failOn: 'MUST' })).toBe(EXIT.FAILED);
    const infoRegression = run(['fail', 'pass'], { regressions: 1 }, ['INFO', 'MUST']);
    expect(exitCodeFor([infoRegression], { interrupted: false, failOn: 'SHOULD' })).toBe(EXIT.OK);
    expect(exitCodeFor([infoRegression], { interrupted: false })).toBe(EXIT.FAILED);
    expect(exitCodeFor([run(['harness-error'], null, ['INFO'])], { interrupted: false, failOn: 'MUST' })).toBe(EXIT.HARNESS_ERROR);
  });

  test('the summary says what gated, and only when --fail-on narrows it', () => {
    const cases = run(['fail', 'fail', 'hang', 'pass'], null, ['MUST', 'SHOULD', 'INFO', 'INFO']).cases;
    expect(describeGate(cases, 'INFO')).toBe('');
    expect(describeGate(cases, 'MUST')).toBe('; --fail-on MUST: 1 of 3 failures gate the run (MUST cases), 2 reported only');
    expect(describeGate(cases, 'SHOULD')).toBe('; --fail-on SHOULD: 2 of 3 failures gate the run (MUST and SHOULD cases), 1 reported only');
  });

  test('--fail-on takes a level in any letter case and refuses anything else in one sentence', () => {
    expect(parseFailOn('must')).toBe('MUST');
    expect(() => parseFailOn('fatal')).toThrow(expect.objectContaining({ code: 'PC_USAGE', message: '--fail-on takes MUST, SHOULD or INFO, not "fatal"' }));
  });

  test('is 130 for an interrupted run, whatever its verdicts', () => {
    expect(exitCodeFor([run(['harness-error', 'fail'])], { interrupted: true })).toBe(EXIT.INTERRUPTED);
    expect(exitCodeFor([], { interrupted: true })).toBe(EXIT.INTERRUPTED);
  });
});
