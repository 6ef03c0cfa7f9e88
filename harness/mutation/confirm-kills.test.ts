// Kills are confirmed against the clean proxy once per case: a settled case's later kills cost no re-run.
import { describe, expect, test } from 'vitest';
import type { VerdictStatus } from '../verdicts/verdict.js';
import { KillConfirmation, settleCleanStatuses } from './confirm-kills.js';

function confirmationGiving(statuses: Record<string, VerdictStatus[]>) {
  const asked: string[] = [];
  const confirmation = new KillConfirmation(async (id) => {
    asked.push(id);
    return statuses[id]?.shift() ?? 'pass';
  });
  return { confirmation, asked };
}

describe('KillConfirmation', () => {
  test('a case whose clean re-run ends as in the clean run is settled: its next kill is confirmed without a re-run', async () => {
    const { confirmation, asked } = confirmationGiving({ a: ['pass'] });
    expect(await confirmation.confirm({ id: 'a', clean: 'pass', faulty: 'fail' })).toBe(true);
    expect(await confirmation.confirm({ id: 'a', clean: 'pass', faulty: 'hang' })).toBe(true);
    expect(asked).toEqual(['a']);
    expect(confirmation.reruns).toBe(1);
  });

  test('a kill the clean re-run repeats is noise, and the case stays unsettled: its next kill is re-run', async () => {
    const { confirmation, asked } = confirmationGiving({ b: ['hang', 'pass'] });
    expect(await confirmation.confirm({ id: 'b', clean: 'pass', faulty: 'hang' })).toBe(false);
    expect(await confirmation.confirm({ id: 'b', clean: 'pass', faulty: 'hang' })).toBe(true);
    expect(asked).toEqual(['b', 'b']);
  });

  test('a clean re-run that ends otherwise than both is a confirmed kill but settles nothing; an interrupted one confirms nothing', async () => {
    const { confirmation, asked } = confirmationGiving({ c: ['crash', 'interrupted'] });
    expect(await confirmation.confirm({ id: 'c', clean: 'pass', faulty: 'fail' })).toBe(true);
    expect(await confirmation.confirm({ id: 'c', clean: 'pass', faulty: 'fail' })).toBeNull();
    expect(asked).toEqual(['c', 'c']);
  });
});

describe('settleCleanStatuses', () => {
  const rerunGiving = (statuses: Record<string, VerdictStatus[]>) => {
    const asked: string[] = [];
    return { asked, rerun: async (id: string) => (asked.push(id), statuses[id]?.shift() ?? 'pass') };
  };

  test('re-runs only the cases that did not pass; one that ends as before is settled at once', async () => {
    const { asked, rerun } = rerunGiving({ deadlock: ['hang'] });
    const clean = new Map<string, VerdictStatus>([['ok', 'pass'], ['none', 'not-applicable'], ['deadlock', 'hang']]);
    expect(await settleCleanStatuses(clean, rerun, 2)).toEqual(clean);
    expect(asked).toEqual(['deadlock']);
  });

  test('a clean case that timed out once under load and passes twice after is a pass, so its fault can be killed', async () => {
    const { asked, rerun } = rerunGiving({ resumed: ['pass', 'pass'] });
    const settled = await settleCleanStatuses(new Map<string, VerdictStatus>([['resumed', 'hang']]), rerun, 1);
    expect(settled.get('resumed')).toBe('pass');
    expect(asked).toEqual(['resumed', 'resumed']);
  });

  test('two of three decide; an interrupted re-run leaves the clean run\'s status', async () => {
    const { rerun } = rerunGiving({ flaky: ['pass', 'fail'], cut: ['interrupted'] });
    const settled = await settleCleanStatuses(new Map<string, VerdictStatus>([['flaky', 'fail'], ['cut', 'hang']]), rerun, 2);
    expect(settled.get('flaky')).toBe('fail');
    expect(settled.get('cut')).toBe('hang');
  });
});
