// Kills are confirmed against the clean proxy once per case: a settled case's later kills cost no re-run.
import { describe, expect, test } from 'vitest';
import type { VerdictStatus } from '../verdicts/verdict.js';
import { KillConfirmation } from './confirm-kills.js';

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
