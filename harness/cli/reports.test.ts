// Reports end to end through the built CLI: a matrix of two implementations, shards merged back
// into one report, a config file, and diff between two runs.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { withDir } from 'tmp-promise';
import { describe, expect, test } from 'vitest';
import { selectCases } from '../run/select.js';
import { loadSuite } from '../run/suite.js';
import { loadSpecs } from '../specs/index.js';
import { cliRunner, UNHURRIED } from '../test-support/cli.js';
import { MINI_PROXY, REPO_ROOT } from '../test-support/paths.js';
import { requireSkopeo } from '../test-support/skopeo.js';
import type { ReportDocument } from '../report/model.js';

const REFERENCE = path.join(REPO_ROOT, 'bin', 'reference-proxy.js');

const runCli = cliRunner();

async function readDoc(file: string): Promise<ReportDocument> {
  const json: unknown = JSON.parse(await readFile(file, 'utf8'));
  const validation = loadSpecs().validateResults(json);
  expect(validation).toEqual({ ok: true });
  return json as ReportDocument;
}

describe('a run against two implementations', () => {
  test('reports both in one results.json, per-implementation summary lines, and the worst exit code', async () => {
    await withDir(
      async ({ path: dir }) => {
        const result = await runCli([
          '--impl', REFERENCE, '--impl', MINI_PROXY, '--impl-arg=--fault', '--impl-arg=wrong-manifest-byte',
          '--run', 'tag:smoke', ...UNHURRIED, '--report-dir', dir, '--format', 'json', '--format', 'markdown',
        ]);
        // --impl-arg applies to both: the reference proxy knows the same fault name.
        const lines = result.stdout.trim().split('\n');
        expect(lines.at(-1)).toMatch(/^2 implementations: 12 passed, 2 failed$/);
        expect(result.stdout).toMatch(/^reference-proxy: 6 passed, 1 failed$/m);
        expect(result.stdout).toMatch(/^mini-proxy\.py: 6 passed, 1 failed$/m);
        expect(result.exitCode).toBe(1);
        const doc = await readDoc(path.join(dir, 'results.json'));
        expect(doc.runs.map((r) => [r.implementation.label, r.implementation.protocolVersion])).toEqual([
          ['reference-proxy', '0.2.8'],
          ['mini-proxy.py', '0.2.3'],
        ]);
        expect(doc.runs[0]!.implementation.versionString).toMatch(/^proxy-conformance reference proxy /);
        expect(doc.runs[1]!.cases.find((c) => c.id === 'getblob/layers')!.fds.received).toMatchObject({ fifo: expect.any(Number) });
        expect(await readFile(path.join(dir, 'summary.md'), 'utf8')).toContain('| **reference-proxy**');
      },
      { unsafeCleanup: true },
    );
  });
});

describe('--fail-on in the reports', () => {
  test('a failure below the gate exits 0, and results.json, summary.md and index.html say what gated', async () => {
    await withDir(
      async ({ path: dir }) => {
        // The reference proxy fails this SHOULD case on purpose (as skopeo does) and passes the MUST one.
        const result = await runCli(['--impl', REFERENCE, '--run', 'manifest/index-value-is-index-digest', '--run', 'manifest/golden', '--fail-on', 'MUST', ...UNHURRIED, '--report-dir', dir]);
        expect(result.stdout.trim().split('\n').at(-1)).toMatch(/; --fail-on MUST: 0 of 1 failures gate the run \(MUST cases\), 1 reported only$/);
        expect(result.exitCode).toBe(0);
        const doc = await readDoc(path.join(dir, 'results.json'));
        expect(doc.configuration.failOn).toBe('MUST');
        const md = await readFile(path.join(dir, 'summary.md'), 'utf8');
        expect(md).toContain('Gate: `--fail-on MUST`: failures of MUST cases fail the run; the others are reported only.');
        expect(md).toMatch(/^\| \*\*reference-proxy\*\*.*\| ⚠️ 1 failure below MUST, not gating \|$/m);
        expect(md).not.toMatch(/^\|.*❌.*\|$/m);
        expect(await readFile(path.join(dir, 'index.html'), 'utf8')).toContain('<dt>gate</dt><dd>--fail-on MUST: failures of MUST cases fail the run; the others are reported only</dd>');
      },
      { unsafeCleanup: true },
    );
  });
});

describe('shards', () => {
  test('two shards cover the selection once, and merge makes the unsharded report', async () => {
    await withDir(
      async ({ path: dir }) => {
        const shards = await Promise.all(
          ['1/2', '2/2'].map((shard, i) =>
            runCli(['--impl', MINI_PROXY, '--run', 'tag:smoke', ...UNHURRIED, '--shard', shard, '--report-dir', path.join(dir, `s${i + 1}`), '--format', 'json']),
          ),
        );
        for (const s of shards) expect(s.exitCode).toBe(0);
        const docs = await Promise.all([1, 2].map((i) => readDoc(path.join(dir, `s${i}`, 'results.json'))));
        const ids = docs.flatMap((d) => d.runs[0]!.cases.map((c) => c.id));
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids).toHaveLength(7);
        const merged = await runCli(['merge', path.join(dir, 's1', 'results.json'), path.join(dir, 's2', 'results.json'), '--out', path.join(dir, 'all')]);
        expect(merged.exitCode).toBe(0);
        const doc = await readDoc(path.join(dir, 'all', 'results.json'));
        expect(doc.configuration.shard).toBeNull();
        expect(doc.configuration.registry).toBe('not-needed');
        expect(doc.runs[0]!.cases.map((c) => c.id).sort()).toEqual([...ids].sort());
        // Shard 2/2 of another selection is another run's shard, though the suite and the shard count are the same.
        const other = await runCli(['--impl', MINI_PROXY, '--run', 'tag:smoke', '--level', 'MUST', ...UNHURRIED, '--shard', '2/2', '--report-dir', path.join(dir, 'other'), '--format', 'json']);
        expect(other.exitCode).toBe(0);
        const mixed = await runCli(['merge', path.join(dir, 's1', 'results.json'), path.join(dir, 'other', 'results.json'), '--out', path.join(dir, 'mixed')]);
        expect(mixed.exitCode).toBe(2);
        expect(mixed.stderr.trim()).toMatch(/^merge: .*other\/results\.json selected --run tag:smoke --level MUST and .*s1\/results\.json --run tag:smoke: only the shards of one run merge$/);
      },
      { unsafeCleanup: true },
    );
  });
});

describe('shards of a real skopeo run', () => {
  // skopeo gets the harness's policy file in a temp dir of each run: the shards must still be one implementation.
  test('merge into the unsharded report, and diff against the unsharded run finds no difference', async () => {
    const skopeo = requireSkopeo();
    await withDir(
      async ({ path: dir }) => {
        // No case of these groups hangs on skopeo 1.9.3: a reply deadline a loaded machine cannot break.
        const groups = ['manifest', 'config', 'closeimage'];
        const common = ['--impl', skopeo, ...groups.flatMap((g) => ['--run', g]), '--format', 'json', ...UNHURRIED];
        const selected = selectCases(loadSuite(), { run: groups, skip: [] }).length;
        const runs = await Promise.all([
          runCli([...common, '--report-dir', path.join(dir, 'whole')]),
          ...['1/2', '2/2'].map((shard, i) => runCli([...common, '--shard', shard, '--report-dir', path.join(dir, `s${i + 1}`)])),
        ]);
        for (const r of runs) expect(r.stderr).toBe('');
        const shardFiles = [1, 2].map((i) => path.join(dir, `s${i}`, 'results.json'));
        const merged = await runCli(['merge', ...shardFiles, '--out', path.join(dir, 'merged')]);
        expect(merged.stderr).toBe('');
        expect(merged.stdout).toMatch(new RegExp(`^merged 2 files: 1 implementations, ${selected} cases$`, 'm'));
        const whole = await readDoc(path.join(dir, 'whole', 'results.json'));
        const doc = await readDoc(path.join(dir, 'merged', 'results.json'));
        const outcomes = (d: ReportDocument) => d.runs.map((r) => r.cases.map((c) => [c.id, c.verdict.status]).sort());
        expect(outcomes(doc)).toEqual(outcomes(whole));
        const diff = await runCli(['diff', path.join(dir, 'whole', 'results.json'), path.join(dir, 'merged', 'results.json')]);
        expect(diff.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^skopeo \(.*\/skopeo\): no differences$/), '0 regressions, 0 fixes, 0 changed']);
        expect(diff.exitCode).toBe(0);
        const withWhole = await runCli(['merge', shardFiles[0]!, path.join(dir, 'whole', 'results.json'), '--out', path.join(dir, 'mixed')]);
        expect(withWhole.exitCode).toBe(2);
        expect(withWhole.stderr.trim()).toMatch(/whole\/results\.json is not a shard \(it was run without --shard\): only the shards of one run merge$/);
      },
      { unsafeCleanup: true },
    );
  });
});

describe('the config file', () => {
  test('proxy-conformance.config.json in the working directory supplies implementations and selection; the command line wins', async () => {
    await withDir(
      async ({ path: dir }) => {
        await writeFile(
          path.join(dir, 'proxy-conformance.config.json'),
          JSON.stringify({ implementations: [{ impl: MINI_PROXY, label: 'mini' }], run: ['tag:smoke'], reportDir: 'out', formats: ['json'] }),
        );
        const result = await runCli([], { cwd: dir });
        expect(result.stdout.trim().split('\n').at(-1)).toBe('7 passed, 0 failed');
        const doc = await readDoc(path.join(dir, 'out', 'results.json'));
        expect(doc.runs[0]!.implementation.label).toBe('mini');
        expect(doc.configuration.configFile).toBe(path.join(dir, 'proxy-conformance.config.json'));
        const narrowed = await runCli(['--run', 'lifecycle/initialize-semver', '--no-report'], { cwd: dir });
        expect(narrowed.stdout.trim().split('\n').at(-1)).toBe('1 passed, 0 failed');
      },
      { unsafeCleanup: true },
    );
  });

  test('an invalid config file is one sentence and exit 2', async () => {
    await withDir(
      async ({ path: dir }) => {
        await writeFile(path.join(dir, 'proxy-conformance.config.json'), JSON.stringify({ jobz: 2 }));
        const result = await runCli([], { cwd: dir });
        expect(result.exitCode).toBe(2);
        expect(result.stderr.trim().split('\n')).toHaveLength(1);
        expect(result.stderr).toMatch(/jobz/);
      },
      { unsafeCleanup: true },
    );
  });
});

describe('diff', () => {
  test('lists the regression between a clean run and a faulty one, and exits 1', async () => {
    await withDir(
      async ({ path: dir }) => {
        const common = ['--run', 'tag:smoke', '--format', 'json'];
        await runCli(['--impl', MINI_PROXY, ...common, ...UNHURRIED, '--report-dir', path.join(dir, 'a')]);
        await runCli(['--impl', MINI_PROXY, '--impl-arg=--fault', '--impl-arg=truncated-blob', ...common, ...UNHURRIED, '--report-dir', path.join(dir, 'b')]);
        const result = await runCli(['diff', path.join(dir, 'a', 'results.json'), path.join(dir, 'b', 'results.json')]);
        expect(result.stdout).toMatch(/getblob\/layers/);
        expect(result.stdout.trim().split('\n').at(-1)).toBe('1 regressions, 0 fixes, 0 changed');
        expect(result.exitCode).toBe(1);
        const back = await runCli(['diff', path.join(dir, 'b', 'results.json'), path.join(dir, 'a', 'results.json')]);
        expect(back.stdout.trim().split('\n').at(-1)).toBe('0 regressions, 1 fixes, 0 changed');
        expect(back.exitCode).toBe(0);
      },
      { unsafeCleanup: true },
    );
  });
});
