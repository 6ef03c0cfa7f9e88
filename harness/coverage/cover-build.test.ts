// A few cases against skopeo built with -cover: results.json carries the merged coverage of proxy.go.
// Without the cover build the test fails (a skipped test proves nothing); .ci/build-skopeo makes it.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliRunner } from '../test-support/cli.js';
import { scratchDir } from '../test-support/scratch-dir.js';
import { requireSkopeoCoverBuild, requireSkopeoGo } from '../test-support/skopeo-builds.js';
import type { ReportDocument } from '../report/model.js';

const cli = cliRunner();
const scratch = scratchDir('cover-build-test');

describe('--coverage against a skopeo cover build', () => {
  it('records the statement coverage of proxy.go, per function and per block', async () => {
    const COVER_BUILD = requireSkopeoCoverBuild('1.22.0');
    const GO = requireSkopeoGo('1.22.0');
    const reports = path.join(scratch, 'reports');
    const result = await cli(['--impl', COVER_BUILD, '--run', 'lifecycle/initialize*', '--run', 'rawblob/bad-args/**', '--coverage', path.join(scratch, 'cov'), '--go', GO, '--report-dir', reports, '--no-registry']);
    expect(result.stdout).toMatch(/coverage: statement coverage: cmd\/skopeo\/proxy\.go \d+\.\d%/);
    const doc = JSON.parse(readFileSync(path.join(reports, 'results.json'), 'utf8')) as ReportDocument;
    const coverage = doc.runs[0]?.coverage;
    expect(coverage?.state).toBe('merged');
    expect(coverage?.processes.withCounters).toBeGreaterThan(0);
    const proxy = coverage?.files?.find((f) => f.file.endsWith('cmd/skopeo/proxy.go'));
    expect(proxy?.blocks?.length).toBeGreaterThan(0);
    expect(proxy?.covered).toBeGreaterThan(0);
    expect(proxy?.functions.find((f) => f.name === '*proxyHandler.GetRawBlob')?.covered).toBeGreaterThan(0);
  });

  it('merges the coverage of shards to the same blocks run as the unsharded run', async () => {
    const COVER_BUILD = requireSkopeoCoverBuild('1.22.0');
    const GO = requireSkopeoGo('1.22.0');
    const run = async (name: string, shard: string[]) => {
      const reports = path.join(scratch, `shards-${name}`);
      await cli(['--impl', COVER_BUILD, '--run', 'manifest', '--run', 'config', '--coverage', path.join(scratch, `cov-${name}`), '--go', GO, '--report-dir', reports, '--no-registry', '--quiet', ...shard]);
      return path.join(reports, 'results.json');
    };
    const whole = await run('whole', []);
    const shards = [await run('1', ['--shard', '1/2']), await run('2', ['--shard', '2/2'])];
    const out = path.join(scratch, 'shards-merged');
    const merged = await cli(['merge', ...shards, '--out', out]);
    expect(merged.exitCode).toBe(0);
    const proxyOf = (file: string) => {
      const coverage = (JSON.parse(readFileSync(file, 'utf8')) as ReportDocument).runs[0]?.coverage;
      expect(coverage?.state).toBe('merged');
      return coverage?.files?.find((f) => f.file.endsWith('cmd/skopeo/proxy.go'));
    };
    const [one, two, all, union] = [proxyOf(shards[0]!), proxyOf(shards[1]!), proxyOf(whole), proxyOf(path.join(out, 'results.json'))];
    // Each shard alone runs less of proxy.go than the whole; their union runs what the whole does.
    expect(Math.max(one!.covered, two!.covered)).toBeLessThan(all!.covered);
    expect(union!.covered).toBe(all!.covered);
    expect(union!.blocks!.map((b) => b.count > 0)).toEqual(all!.blocks!.map((b) => b.count > 0));
    expect(union!.functions.map((f) => f.covered)).toEqual(all!.functions.map((f) => f.covered));
  });

  it('measures a replay too, with --coverage before the subcommand as after it', async () => {
    const COVER_BUILD = requireSkopeoCoverBuild('1.22.0');
    const GO = requireSkopeoGo('1.22.0');
    const file = path.join(scratch, 'replayed.json');
    const steps = [{ call: 'GetRawBlob', args: [1, 'sha256:0'], expect: { success: false } }];
    const meta = { title: 'a replayed case', why: 'replay measures coverage', level: 'MUST', since: '0.2.1', reference: 'this test', tags: ['replay'] };
    writeFileSync(file, JSON.stringify({ cases: [{ id: 'replay/raw-blob-unknown-image', ...meta, steps }] }));
    for (const [name, args] of [
      ['parent', ['--coverage', path.join(scratch, 'cov-replay-parent'), '--go', GO, 'replay', '--impl', COVER_BUILD, file]],
      ['own', ['replay', '--impl', COVER_BUILD, '--coverage', path.join(scratch, 'cov-replay-own'), '--go', GO, file]],
    ] as const) {
      const result = await cli([...args]);
      expect(result.exitCode, name).toBe(0);
      expect(result.stdout, name).toMatch(/^coverage: statement coverage: cmd\/skopeo\/proxy\.go \d+\.\d% \(\d+\/\d+ statements\); all files [\d.]+%; (\d+) of \1 processes left counters$/m);
    }
  });
});
