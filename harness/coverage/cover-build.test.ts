// A few cases against skopeo built with -cover: results.json carries the merged coverage of proxy.go.
// Without the cover build the test fails in CI (a skipped test proves nothing) and is skipped elsewhere.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCiEnvironment } from '../config.js';
import { cliRunner } from '../test-support/cli.js';
import { scratchDir } from '../test-support/scratch-dir.js';
import type { ReportDocument } from '../report/model.js';

const CACHE = process.env.PC_CACHE_DIR ?? '/var/cache/proxy-conformance';
const BUILD = path.join(CACHE, 'skopeo', '1.22.0+ds1-1');
const COVER_BUILD = process.env.PC_SKOPEO_COVER ?? path.join(BUILD, 'skopeo-cover');
const GO = process.env.PC_GO ?? path.join(BUILD, 'goroot', 'bin', 'go');
const present = existsSync(COVER_BUILD) && existsSync(GO);
const cli = cliRunner();
const scratch = scratchDir('cover-build-test');

describe.skipIf(!present && !isCiEnvironment(process.env))('--coverage against a skopeo cover build', () => {
  it('records the statement coverage of proxy.go, per function and per block', { timeout: 180_000 }, async () => {
    if (!present) throw new Error(`this test needs skopeo built with -cover at ${COVER_BUILD} and its go at ${GO} (set PC_SKOPEO_COVER and PC_GO): .ci/ builds them`);
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
