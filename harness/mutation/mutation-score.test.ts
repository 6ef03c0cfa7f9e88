// The suite kills every fault of the reference proxy: each deliberate deviation makes some case end
// differently from the clean run. A fault no selected case can see survives, and the command says so.
// The cases run in session hosts (except those that observe the process), which is what makes the
// whole table affordable here; Ctrl-C still leaves no host and no temp dir behind.
import { readdir } from 'node:fs/promises';
import { execa } from 'execa';
import { withDir } from 'tmp-promise';
import { describe, expect, test } from 'vitest';
import { FAULTS } from '../reference-proxy/index.js';
import { CLI } from '../test-support/paths.js';
import { FIXTURE_CACHE, withSharedFixtures } from '../test-support/run-temp-dir.js';
import { waitUntil } from '../test-support/wait-until.js';
import { PROCESS_STUCK_MS } from '../test-support/stuck.js';
import { processesWithMarker } from '../test-support/processes.js';

function mutationScore(args: string[], env: Record<string, string> = {}) {
  return execa('node', [CLI, 'mutation-score', ...args], { reject: false, timeout: PROCESS_STUCK_MS, env });
}

describe('mutation-score', () => {
  test('a fault that the selected cases cannot see survives, and the command exits 1', async () => {
    const result = await mutationScore(['--fault', 'reply-to-shutdown', '--run', 'manifest/golden']);
    expect(result.stdout).toMatch(/^reply-to-shutdown +SURVIVED +0/m);
    expect(result.stdout).toContain('mutation score: 0/1 faults killed');
    expect(result.exitCode).toBe(1);
  });

  // The whole table, stopping each fault at its first killing case (the full run, with every
  // killing case listed, is `proxy-conformance mutation-score` without --first-kill).
  test(`every one of the ${FAULTS.length} faults is killed by the suite`, async () => {
    const result = await mutationScore(['--first-kill']);
    console.log(result.stdout.split('\n').filter((l) => !/^(killed|SURVIVED) /.test(l)).join('\n'));
    expect(result.stdout).not.toMatch(/SURVIVED/);
    expect(result.stdout).toContain(`mutation score: ${FAULTS.length}/${FAULTS.length} faults killed`);
    expect(result.exitCode).toBe(0);
  });

  test('Ctrl-C stops the score: exit 130, no session host, proxy or temp dir left', async () => {
    await withDir(
      async ({ path: tmp }) => {
        const marker = `PC_MUTATION_INTERRUPT_TEST=${process.pid}`;
        const child = mutationScore(['--fault', 'no-reply-to-blob', '--fault', 'stall-mid-blob'], { TMPDIR: await withSharedFixtures(tmp), [marker.split('=')[0] as string]: String(process.pid) });
        // Wait until the hosts serve sessions (two host processes besides the CLI), then interrupt.
        await waitUntil(() => processesWithMarker(marker).length >= 3);
        child.kill('SIGINT');
        const result = await child;
        expect(result.exitCode).toBe(130);
        // Neither fault was scored to the end: none is said to have survived.
        expect(result.stdout).not.toMatch(/SURVIVED/);
        expect(result.stdout).toMatch(/^mutation score: interrupted: 0 killed, 0 survived, 2 of 2 faults not scored$/m);
        // Processes the CLI killed leave /proc once reaped (an orphan by init): a leak times the test out.
        await waitUntil(() => processesWithMarker(marker).length === 0);
        expect((await readdir(tmp)).filter((n) => n.startsWith('proxy-conformance-') && n !== FIXTURE_CACHE)).toEqual([]);
      },
      { unsafeCleanup: true },
    );
  });
});
