// Ctrl-C in the middle of a check: the run stops, the implementation is reaped, temp dirs go.
import { readdir } from 'node:fs/promises';
import { execa } from 'execa';
import { withDir } from 'tmp-promise';
import { expect, test } from 'vitest';
import { CLI, MINI_PROXY } from '../test-support/paths.js';

function processesRunning(pattern: string): Promise<string> {
  return execa('pgrep', ['-f', pattern], { reject: false }).then((r) => r.stdout.trim());
}

test('SIGINT during a hanging check exits 130, leaves no implementation process and no temp dir', async () => {
  await withDir(
    async ({ path: tmp }) => {
      const marker = `--impl-arg=interrupt-marker-${process.pid}`;
      const child = execa('node', [CLI, '--impl', MINI_PROXY, '--impl-arg=--fault', '--impl-arg=ignore-eof', marker, '--run', 'lifecycle/eof-exit-zero', '--no-report'], {
        reject: false,
        timeout: 60_000,
        env: { TMPDIR: tmp },
      });
      // Results print at the end, so wait for the implementation itself: it ignores EOF, so once
      // it runs, a session is waiting for it to exit.
      await new Promise<void>((resolve) => child.stdout?.once('data', () => resolve()));
      const deadline = Date.now() + 30_000;
      while ((await processesRunning(`interrupt-marker-${process.pid}`)) === '' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      await new Promise((r) => setTimeout(r, 300));
      expect(await processesRunning(`interrupt-marker-${process.pid}`)).not.toBe('');
      child.kill('SIGINT');
      const result = await child;
      expect(result.exitCode).toBe(130);
      expect(result.stderr).toContain('SIGINT: stopping');
      expect(await processesRunning(`interrupt-marker-${process.pid}`)).toBe('');
      expect((await readdir(tmp)).filter((name) => name.startsWith('proxy-conformance-') && name !== 'proxy-conformance-fixtures')).toEqual([]);
    },
    { unsafeCleanup: true },
  );
});
