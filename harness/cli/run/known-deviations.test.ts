// A first run against skopeo without a baseline: its failures are still failures, each named by the
// deviation the shipped record of that release gives, and --update-baseline takes the reasons from it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { cliRunner } from '../../test-support/cli.js';
import { REPO_ROOT } from '../../test-support/paths.js';
import { scratchDir } from '../../test-support/scratch-dir.js';
import { requireSkopeo } from '../../test-support/skopeo.js';

const runCli = cliRunner();
const scratch = scratchDir('known-deviations');

interface ShippedRecord {
  $schema: string;
  implementation: string;
  cases: Record<string, { status?: string; reason: string; deviation?: string; flaky?: boolean }>;
}

// The two runs are independent and mostly wait on skopeo's hang cases: they run at once.
describe.concurrent('known deviations named in a run without a baseline', () => {
  // The recorded cases only: that no other case fails is the baseline run's to show (cli.test.ts).
  test('every skopeo 1.9.3 failure is printed and reported with its deviation and why, and the run still fails', async () => {
    const skopeo = requireSkopeo();
    const reportDir = path.join(scratch, 'report');
    const shipped = JSON.parse(await readFile(path.join(REPO_ROOT, 'specs/expected/skopeo-1.9.3.json'), 'utf8')) as ShippedRecord;
    const explained = Object.entries(shipped.cases).filter(([, e]) => e.deviation !== undefined && e.flaky !== true);
    const result = await runCli(['--impl', skopeo, ...explained.flatMap(([id]) => ['--run', id]), '--report-dir', reportDir, '--format', 'json']);
    expect(result.stdout.trim().split('\n').at(-1)).toMatch(new RegExp(`, ${explained.length} failed \\(.*\\), all ${explained.length} known skopeo 1\\.9\\.3 deviations(,|$)`));
    for (const [id, entry] of explained) {
      const line = new RegExp(`^(FAIL|HANG|CRASH) +${id.replaceAll('/', '\\/')}  \\(\\d+ ms\\)  \\[known skopeo 1\\.9\\.3 deviation: ${entry.deviation}\\]$`, 'm');
      expect(result.stdout, id).toMatch(line);
    }
    expect(result.exitCode).toBe(1);
    const doc = JSON.parse(await readFile(path.join(reportDir, 'results.json'), 'utf8')) as { runs: Array<{ cases: Array<{ id: string; knownDeviation?: { id: string } }> }> };
    const named = Object.fromEntries(doc.runs[0]!.cases.filter((c) => c.knownDeviation).map((c) => [c.id, c.knownDeviation!.id]));
    expect(named).toEqual(Object.fromEntries(explained.map(([id, e]) => [id, e.deviation])));
  });

  test('--update-baseline into a new file takes reasons and deviation ids from the shipped record', async () => {
    const skopeo = requireSkopeo();
    const file = path.join(scratch, 'new-baseline.json');
    const shipped = JSON.parse(await readFile(path.join(REPO_ROOT, 'specs/expected/skopeo-1.9.3.json'), 'utf8')) as ShippedRecord;
    // The recorded cases and the smoke cases, which pass: only failures are written (the whole suite is cli.test.ts's).
    const recorded = Object.entries(shipped.cases).filter(([, e]) => e.flaky !== true);
    const result = await runCli(['--impl', skopeo, ...recorded.flatMap(([id]) => ['--run', id]), '--run', 'tag:smoke', '--baseline', file, '--update-baseline', '--no-report']);
    expect(result.exitCode).toBe(0);
    const written = JSON.parse(await readFile(file, 'utf8')) as ShippedRecord;
    for (const [id, entry] of Object.entries(written.cases)) {
      expect(entry.reason, id).toBe(shipped.cases[id]?.reason);
      expect(entry.deviation, id).toBe(shipped.cases[id]?.deviation);
    }
    const explained = Object.entries(shipped.cases).filter(([, e]) => e.deviation !== undefined && e.flaky !== true);
    expect(Object.keys(written.cases).sort()).toEqual(explained.map(([id]) => id).sort());
    expect(written.implementation).toBe(shipped.implementation);
  });

  test('--update-baseline --no-registry into a new file keeps the shipped registry records, the implementation string and a $schema that resolves', async () => {
    const skopeo = requireSkopeo();
    const file = path.join(scratch, 'no-registry', 'baseline.json');
    const shipped = JSON.parse(await readFile(path.join(REPO_ROOT, 'specs/expected/skopeo-1.9.3.json'), 'utf8')) as ShippedRecord;
    // Without a registry every registry case is n/a at once; the smoke cases pass.
    const result = await runCli(['--impl', skopeo, '--run', 'registry/**', '--run', 'tag:smoke', '--no-registry', '--baseline', file, '--update-baseline', '--no-report']);
    expect(result.exitCode).toBe(0);
    const written = JSON.parse(await readFile(file, 'utf8')) as ShippedRecord;
    const registryRecords = Object.entries(shipped.cases).filter(([id]) => id.startsWith('registry/'));
    expect(registryRecords.length).toBeGreaterThan(0);
    expect(written.cases).toEqual(Object.fromEntries(registryRecords));
    expect(written.implementation).toBe(shipped.implementation);
    expect(path.resolve(path.dirname(file), written.$schema)).toBe(path.join(REPO_ROOT, 'specs', 'baseline.schema.json'));
  });
});
