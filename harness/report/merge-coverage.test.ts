// merge of shards made with --coverage: one record per implementation, summed block by block.
import { describe, expect, it } from 'vitest';
import type { CoverageBlock, CoverageRecord } from '../coverage/record.js';
import { sampleReport } from '../test-support/sample-report.js';
import { renderMarkdown } from './markdown.js';
import { mergeReports } from './merge.js';
import type { ReportDocument } from './model.js';
import { validateReport } from './read-report.js';

const PROXY = 'github.com/containers/skopeo/cmd/skopeo/proxy.go';
const OTHER = 'github.com/containers/skopeo/cmd/skopeo/utils.go';
const FILES = ['shard-1/results.json', 'shard-2/results.json'];

function block(startLine: number, statements: number, count: number): CoverageBlock {
  return { startLine, startCol: 2, endLine: startLine + 1, endCol: 3, statements, count };
}

/** skopeo's record in one shard: proxy.go's blocks with these counts (lines 10, 20, 30, 40), utils.go's figures alone. */
function record(shard: number, counts: [number, number, number, number], otherCovered: number, edit: (r: CoverageRecord) => void = () => {}): CoverageRecord {
  const blocks = [block(10, 2, counts[0]), block(20, 3, counts[1]), block(30, 4, counts[2]), block(40, 1, counts[3])];
  const covered = (from: number, to: number) => blocks.filter((b) => b.startLine >= from && b.startLine < to && b.count > 0).reduce((n, b) => n + b.statements, 0);
  const proxyCovered = covered(0, 99);
  const r: CoverageRecord = {
    dir: `/ci/shard-${shard}/cov/skopeo/counters`,
    processes: { launched: 100 + shard, withCounters: 99 + shard, withoutCounters: 1, wroteNothing: 0 },
    state: 'merged',
    note: `statement coverage: cmd/skopeo/proxy.go … (shard ${shard})`,
    filesOfInterest: 'cmd/skopeo/proxy.go',
    total: { statements: 15, covered: proxyCovered + otherCovered },
    files: [
      {
        file: PROXY,
        statements: 10,
        covered: proxyCovered,
        functions: [
          { name: 'openImage', line: 9, statements: 5, covered: covered(0, 25) },
          { name: 'getBlob', line: 25, statements: 5, covered: covered(25, 99) },
        ],
        blocks,
        ...(shard === 2 ? { source: ['package main'] } : {}),
      },
      { file: OTHER, statements: 5, covered: otherCovered, functions: [{ name: 'parse', line: 3, statements: 5, covered: otherCovered }] },
    ],
    profile: `/ci/shard-${shard}/cov/skopeo/coverage.txt`,
  };
  edit(r);
  return r;
}

function shard(index: number, coverage: CoverageRecord | undefined): ReportDocument {
  const doc = structuredClone(sampleReport());
  doc.configuration.shard = { index, count: 2 };
  for (const run of doc.runs) {
    run.cases = run.cases.filter((_, i) => i % 2 === index - 1);
    run.baseline = null;
  }
  if (coverage !== undefined) doc.runs[0]!.coverage = coverage;
  return doc;
}

describe('merge with coverage', () => {
  it("sums the shards' counts per block for the files of interest and keeps per-shard figures for the others, marked", () => {
    const merged = mergeReports([shard(1, record(1, [3, 0, 0, 1], 2)), shard(2, record(2, [1, 5, 0, 0], 3))], FILES);
    const coverage = merged.runs[0]!.coverage!;
    expect(merged.runs[1]!.coverage).toBeUndefined();
    expect(coverage.state).toBe('merged');
    expect(coverage.dir).toBe('/ci/shard-1/cov/skopeo/counters,/ci/shard-2/cov/skopeo/counters');
    expect(coverage.processes).toEqual({ launched: 203, withCounters: 201, withoutCounters: 2, wroteNothing: 0 });
    const proxy = coverage.files!.find((f) => f.file === PROXY)!;
    expect(proxy.blocks!.map((b) => b.count)).toEqual([4, 5, 0, 1]);
    // The union: lines 10, 20 and 40 ran (2 + 3 + 1 of 10 statements), more than either shard alone (3, 5).
    expect({ statements: proxy.statements, covered: proxy.covered }).toEqual({ statements: 10, covered: 6 });
    expect(proxy.functions).toEqual([
      { name: 'openImage', line: 9, statements: 5, covered: 5 },
      { name: 'getBlob', line: 25, statements: 5, covered: 1 },
    ]);
    expect(proxy.source).toEqual(['package main']);
    expect(proxy.coveredPerShard).toBeUndefined();
    const other = coverage.files!.find((f) => f.file === OTHER)!;
    expect(other).toMatchObject({ statements: 5, covered: 3, coveredPerShard: [2, 3] });
    expect(coverage.total).toEqual({ statements: 15, covered: 9 });
    expect(coverage.note).toBe(
      'statement coverage merged from 2 shards: cmd/skopeo/proxy.go 60.0% (6/10 statements); all files at least 60.0% (1 files outside cmd/skopeo/proxy.go have per-shard figures only, as the records hold no blocks for them; `go tool covdata textfmt -i=/ci/shard-1/cov/skopeo/counters,/ci/shard-2/cov/skopeo/counters -o=coverage.txt` merges them); 201 of 203 processes left counters (2 left none: stopped by a signal or crashed)',
    );
    expect(coverage.shards?.map((s) => [s.results, s.state, s.total, s.profile])).toEqual([
      [FILES[0], 'merged', { statements: 15, covered: 5 }, '/ci/shard-1/cov/skopeo/coverage.txt'],
      [FILES[1], 'merged', { statements: 15, covered: 8 }, '/ci/shard-2/cov/skopeo/coverage.txt'],
    ]);
    expect(() => validateReport(JSON.parse(JSON.stringify(merged)), 'merged.json')).not.toThrow();
    expect(renderMarkdown(merged)).toContain('cmd/skopeo/proxy.go 60.0% (6/10 statements)');
  });

  it('is exact for every file when every shard recorded its blocks', () => {
    const withBlocks = (r: CoverageRecord) => {
      r.files![1]!.blocks = [block(3, 5, r.files![1]!.covered > 0 ? 1 : 0)];
      r.files![1]!.covered = r.files![1]!.covered > 0 ? 5 : 0;
    };
    const merged = mergeReports([shard(1, record(1, [0, 0, 0, 0], 0, withBlocks)), shard(2, record(2, [0, 0, 0, 1], 1, withBlocks))], FILES);
    const coverage = merged.runs[0]!.coverage!;
    expect(coverage.total).toEqual({ statements: 15, covered: 6 });
    expect(coverage.note).toContain('; all files 40.0%;');
    expect(coverage.files!.every((f) => f.coveredPerShard === undefined)).toBe(true);
  });

  it('does not give figures when a shard\'s counters were not merged where it ran, and names the command that merges them all', () => {
    const notMerged = (r: CoverageRecord) => {
      r.state = 'not-merged';
      delete r.files;
      delete r.total;
      delete r.profile;
    };
    const coverage = mergeReports([shard(1, record(1, [1, 0, 0, 0], 1)), shard(2, record(2, [1, 0, 0, 0], 1, notMerged))], FILES).runs[0]!.coverage!;
    expect(coverage.state).toBe('not-merged');
    expect(coverage.files).toBeUndefined();
    expect(coverage.note).toContain(`the counters of ${FILES[1]} were not merged where they ran`);
    expect(coverage.note).toContain('go tool covdata textfmt -i=/ci/shard-1/cov/skopeo/counters,/ci/shard-2/cov/skopeo/counters');
  });

  it('refuses records of different builds, and a shard without coverage beside one with it', () => {
    const moved = (r: CoverageRecord) => (r.files![0]!.blocks![1]!.startLine = 21);
    expect(() => mergeReports([shard(1, record(1, [1, 0, 0, 0], 1)), shard(2, record(2, [1, 0, 0, 0], 1, moved))], FILES)).toThrow(
      `the coverage of skopeo comes from different builds (${PROXY}'s block 21.2,21.3 of ${FILES[1]} is not one of ${FILES[0]}'s): only the shards of one run merge`,
    );
    expect(() => mergeReports([shard(1, record(1, [1, 0, 0, 0], 1)), shard(2, undefined)], FILES)).toThrow(`${FILES[0]} has coverage of skopeo and ${FILES[1]} none (run without --coverage): only the shards of one run merge`);
  });
});
