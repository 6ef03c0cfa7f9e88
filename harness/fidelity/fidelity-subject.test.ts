// compareBoth: a difference that only a wait makes is run again with patient deadlines before it
// fails the case; any other difference fails it at once.
import { describe, expect, test } from 'vitest';
import type { CheckContext } from '../checks/context.js';
import type { CaseDefinition } from '../model/case.js';
import type { CaseResult } from '../verdicts/result.js';
import type { Verdict } from '../verdicts/verdict.js';
import { compareBoth, type FidelityContext } from './fidelity-subject.js';

const inner = { id: 'lifecycle/eof-before-initialize', title: 't', level: 'MUST', tags: [], run: async () => {} } as unknown as CaseDefinition<CheckContext>;
const result = (verdict: Verdict): CaseResult => ({ id: inner.id, title: 't', level: 'MUST', tags: [], verdict, durationMs: 1, transcript: [], stderrTail: '' });
const PASS: Verdict = { status: 'pass' };
const HANG: Verdict = { status: 'hang', message: 'the process did not exit within 2000 ms', pending: 'process exit', waitedMs: 2000 };
const FAIL: Verdict = { status: 'fail', message: 'wrong value' };

/** A context whose runs give these verdicts in turn (reference, real), recording whether each was patient. */
function context(runs: Array<[Verdict, Verdict]>): FidelityContext & { patience: boolean[] } {
  const patience: boolean[] = [];
  return {
    patience,
    protocolVersion: '0.2.8',
    images: {},
    async runBoth(_c, options) {
      patience.push(options?.patient === true);
      const [a, b] = runs[patience.length - 1] ?? runs.at(-1) ?? [PASS, PASS];
      return { reference: result(a), real: result(b) };
    },
  };
}

describe('compareBoth', () => {
  test('a hang on one side only is run again with patient deadlines, and alike then, passes', async () => {
    const ctx = context([[HANG, PASS], [PASS, PASS]]);
    await expect(compareBoth(ctx, inner)).resolves.toBeUndefined();
    expect(ctx.patience).toEqual([false, true]);
  });

  test('a hang that stays with patient deadlines fails the case', async () => {
    const ctx = context([[HANG, PASS], [HANG, PASS]]);
    await expect(compareBoth(ctx, inner)).rejects.toMatchObject({ verdict: { status: 'fail', message: expect.stringContaining('verdict: hang vs pass') } });
    expect(ctx.patience).toEqual([false, true]);
  });

  test('a difference that is not a wait fails at once, without a second run', async () => {
    const ctx = context([[FAIL, PASS]]);
    await expect(compareBoth(ctx, inner)).rejects.toMatchObject({ verdict: { status: 'fail', message: expect.stringContaining('verdict: fail vs pass') } });
    expect(ctx.patience).toEqual([false]);
  });
});
