// A few cases against skopeo built with -cover: results.json carries the merged coverage of proxy.go.
// Without the cover build the test fails (a skipped test proves nothing); .ci/build-skopeo makes it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliRunner } from '../test-support/cli.js';
import { scratchDir } from '../test-support/scratch-dir.js';
import { requireSkopeoCoverBuild, requireSkopeoGo } from '../test-support/skopeo-builds.js';
import type { ReportDocument } from '../report/model.js';

const cli = cliRunner();
const scratch = scratchDir('cover-build-test');

describe('--coverage against a skopeo cover build', () => {
  it('records the statement coverage of proxy.go, per function and per block', { timeout: 180_000 }, async () => {
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
});
