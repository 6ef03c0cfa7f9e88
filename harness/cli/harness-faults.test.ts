// A part of the harness that fails during a run is the harness's failure, named, never a verdict on
// the implementation: the fixtures removed from disk between two cases.
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { withDir } from 'tmp-promise';
import { describe, expect, test } from 'vitest';
import { CLI, MINI_PROXY } from '../test-support/paths.js';
import { FIXTURE_CACHE, withOwnFixtures } from '../test-support/run-temp-dir.js';
import { waitUntil } from '../test-support/wait-until.js';
import { PROCESS_STUCK_MS } from '../test-support/stuck.js';

describe('fixtures removed during a run', () => {
  test('the cases after it are harness errors that name the missing fixture, not failures of the implementation; exit 3', () =>
    withDir(
      async ({ path: tmp }) => {
        // The implementation behind a wrapper that logs each start: the run's processes are the observed points.
        const log = path.join(tmp, 'starts.log');
        const impl = path.join(tmp, 'logged-mini-proxy');
        await writeFile(impl, `#!/bin/sh\necho $$ >> '${log}'\nexec '${MINI_PROXY}' "$@"\n`);
        await chmod(impl, 0o755);
        const started = async () => (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
        const child = execa('node', [CLI, '--impl', impl, '--run', 'tag:smoke', '--jobs', '1', '--timeout', '60000', '--no-report'], {
          reject: false,
          timeout: PROCESS_STUCK_MS,
          env: { TMPDIR: await withOwnFixtures(tmp), NO_COLOR: '1' },
        });
        // The preflight's process, then the first case's: the fixtures are loaded and the cases have begun.
        await waitUntil(async () => (await started()) >= 2 || child.exitCode !== null);
        expect(child.exitCode).toBeNull();
        await rm(path.join(tmp, FIXTURE_CACHE), { recursive: true, force: true });
        const result = await child;
        expect(result.stdout).toMatch(/^ERROR {2}\S+ .*\n {6}the fixture image \S+ is gone from \S+ \(the harness built it; was its cache removed\?\): not the implementation's doing; the case's own verdict would have been: /m);
        expect(result.stdout).not.toMatch(/^(FAIL|HANG|CRASH) /m);
        expect(result.exitCode).toBe(3);
      },
      { unsafeCleanup: true },
    ));
});
