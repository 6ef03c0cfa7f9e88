import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../test-support/paths.js';
import { countByStatus } from './result.js';
import { isFailure, isPassing, VERDICT_RANK, VERDICT_STATUSES, worstStatus } from './verdict.js';

describe('the verdict order', () => {
  test('is the status list specs/results.schema.json allows, in the same order', () => {
    const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'specs', 'results.schema.json'), 'utf8')) as { $defs: { status: { enum: string[] } } };
    expect([...VERDICT_STATUSES]).toEqual(schema.$defs.status.enum);
  });

  test('ranks each status by its place, so the worst of several is the latest in the list', () => {
    expect(VERDICT_STATUSES.map((s) => VERDICT_RANK[s])).toEqual(VERDICT_STATUSES.map((_, i) => i));
    expect(worstStatus(['pass', 'crash', 'fail'])).toBe('crash');
    expect(worstStatus(['harness-error', 'interrupted', 'hang'])).toBe('interrupted');
    expect(worstStatus([])).toBe('pass');
  });

  test('counts every status, zero included, in its order', () => {
    const counts = countByStatus([{ verdict: { status: 'fail' } }, { verdict: { status: 'fail' } }, { verdict: { status: 'interrupted' } }]);
    expect(Object.keys(counts)).toEqual([...VERDICT_STATUSES]);
    expect(counts).toMatchObject({ pass: 0, fail: 2, interrupted: 1 });
  });

  test('calls an interrupted case neither passing nor a failure', () => {
    expect(VERDICT_STATUSES.filter(isPassing)).toEqual(['pass', 'not-applicable']);
    expect(VERDICT_STATUSES.filter(isFailure)).toEqual(['fail', 'hang', 'crash', 'harness-error']);
  });
});
