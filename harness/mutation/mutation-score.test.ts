// The suite kills every fault of the reference proxy: each deliberate deviation makes some case end
// differently from the clean run. A fault no selected case can see survives, and the command says so.
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { FAULTS } from '../reference-proxy/index.js';
import { CLI } from '../test-support/paths.js';

function mutationScore(args: string[]) {
  return execa('node', [CLI, 'mutation-score', ...args], { reject: false, timeout: 900_000 });
}

describe('mutation-score', () => {
  test('a fault that the selected cases cannot see survives, and the command exits 1', { timeout: 120_000 }, async () => {
    const result = await mutationScore(['--fault', 'reply-to-shutdown', '--run', 'manifest/golden']);
    expect(result.stdout).toMatch(/^reply-to-shutdown +SURVIVED +0/m);
    expect(result.stdout).toContain('mutation score: 0/1 faults killed');
    expect(result.exitCode).toBe(1);
  });

  // The whole table, stopping each fault at its first killing case (the full run, with every
  // killing case listed, is `proxy-conformance mutation-score` without --first-kill).
  test(`every one of the ${FAULTS.length} faults is killed by the suite`, { timeout: 900_000 }, async () => {
    const result = await mutationScore(['--first-kill']);
    console.log(result.stdout.split('\n').filter((l) => !/^(killed|SURVIVED) /.test(l)).join('\n'));
    expect(result.stdout).not.toMatch(/SURVIVED/);
    expect(result.stdout).toContain(`mutation score: ${FAULTS.length}/${FAULTS.length} faults killed`);
    expect(result.exitCode).toBe(0);
  });
});
