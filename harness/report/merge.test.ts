import { describe, expect, it } from 'vitest';
import { sampleReport as sharedSample } from '../test-support/sample-report.js';
import { mergeOrders, mergeReports } from './merge.js';
import type { ReportDocument } from './model.js';
import { validateReport } from './read-report.js';

// The sample's runs are shared objects: every test edits its own copy.
const sampleReport = (): ReportDocument => structuredClone(sharedSample());

/** Shard `index` of `count` of the sample: every count-th case, the baseline summary cut to match. */
function shardOf(index: number, count: number, edit: (doc: ReportDocument) => void = () => {}): ReportDocument {
  const doc = sampleReport();
  doc.configuration.shard = { index, count };
  doc.startedAt = `2026-11-23T10:0${index}:00.000Z`;
  doc.durationMs = 1000 * index;
  for (const run of doc.runs) {
    run.cases = run.cases.filter((_, i) => i % count === index - 1);
    run.durationMs = 100 * index;
    const ids = new Set(run.cases.map((c) => c.id));
    if (run.baseline !== null) {
      const b = run.baseline;
      run.baseline = { ...b, regressions: b.regressions.filter((r) => ids.has(r.id)), stale: b.stale.filter((s) => ids.has(s.id)), expected: b.expected.filter((id) => ids.has(id)), flaky: b.flaky.filter((id) => ids.has(id)) };
    }
  }
  doc.configuration.selectedCases = doc.runs[0]!.cases.length;
  edit(doc);
  return doc;
}

const FILES = ['shard-1.json', 'shard-2.json'];

describe('mergeReports', () => {
  it('marks the merge interrupted when a shard was, adding up what did not run', () => {
    const cut = (doc: ReportDocument) => {
      doc.runs[0]!.interrupted = { notRun: [`never/${doc.configuration.shard!.index}`] };
      doc.interrupted = { notRun: 1 };
    };
    const merged = mergeReports([shardOf(1, 2, cut), shardOf(2, 2, cut)], FILES);
    expect(merged.interrupted).toEqual({ notRun: 2 });
    expect(merged.runs[0]!.interrupted).toEqual({ notRun: ['never/1', 'never/2'] });
    expect(merged.runs[1]!.interrupted).toBeUndefined();
    expect(() => validateReport(structuredClone(merged), 'merged.json')).not.toThrow();
    expect(mergeReports([shardOf(1, 2), shardOf(2, 2)], FILES).interrupted).toBeUndefined();
  });

  it('puts the cases of every shard back together, one run per implementation, and stamps the merge', () => {
    const merged = mergeReports([shardOf(1, 2), shardOf(2, 2)], FILES);
    const whole = sampleReport();
    expect(merged.runs.map((r) => r.implementation.label)).toEqual(['skopeo', 'reference-proxy']);
    const byId = (cases: ReportDocument['runs'][number]['cases']) => [...cases].sort((a, b) => a.id.localeCompare(b.id));
    for (const [i, run] of merged.runs.entries()) expect(byId(run.cases)).toEqual(byId(whole.runs[i]!.cases));
    expect(merged.configuration).toEqual({ ...whole.configuration, shard: null, selectedCases: whole.configuration.selectedCases });
    expect(merged.mergedFrom).toEqual(FILES);
    expect(merged.startedAt).toBe('2026-11-23T10:01:00.000Z');
    expect(merged.durationMs).toBe(2000);
    expect(merged.runs[0]?.durationMs).toBe(200);
    expect(() => validateReport(JSON.parse(JSON.stringify(merged)), 'merged')).not.toThrow();
  });

  it('orders groups as the shards agree and sorts cases by id within a group', () => {
    const merged = mergeReports([shardOf(2, 2), shardOf(1, 2)], FILES);
    expect(merged.runs[0]?.cases.map((c) => c.id)).toEqual([
      'lifecycle/initialize-semver',
      'getblob/bad-digest',
      'getblob/layers',
      'finishpipe/finish-before-read-big',
      'finishpipe/no-args',
      // Neither shard holds both rawblob and manifest: the one seen first goes first.
      'rawblob/error-pipe',
      'manifest/should-media-type',
    ]);
  });

  it('recomputes each baseline summary from the merged cases, in their order', () => {
    const merged = mergeReports([shardOf(1, 2), shardOf(2, 2)], FILES);
    const original = sampleReport().runs[0]!.baseline!;
    expect(merged.runs[0]?.baseline).toEqual(original);
    expect(merged.runs[1]?.baseline).toBeNull();
  });

  it('takes a shard summary\'s word for a case written without its baseline field', () => {
    const bare = shardOf(1, 2, (doc) => {
      for (const c of doc.runs[0]!.cases) delete c.baseline;
    });
    const merged = mergeReports([bare, shardOf(2, 2)], FILES);
    expect(merged.runs[0]?.baseline).toEqual(sampleReport().runs[0]!.baseline);
  });

  it('matches an implementation by what it is, not by its label or the per-run policy file the harness wrote', () => {
    const shard = (index: number, dir: string, label: string) =>
      shardOf(index, 2, (doc) => {
        doc.runs[0]!.implementation.label = label;
        doc.runs[0]!.implementation.args = ['--policy', `/tmp/${dir}/policy.json`, 'experimental-image-proxy'];
      });
    const merged = mergeReports([shard(1, 'proxy-conformance-1234-abc', 'skopeo'), shard(2, 'proxy-conformance-5678-def', 'skopeo-again')], FILES);
    expect(merged.runs.map((r) => [r.implementation.label, r.cases.length])).toEqual([
      ['skopeo', 7],
      ['reference-proxy', 7],
    ]);
  });

  it.each([
    ['another tool version', (d: ReportDocument) => void (d.environment.tool.version = '0.2.0'), /shard-2\.json was written by proxy-conformance 0\.2\.0 and shard-1\.json by 0\.1\.0: only the shards of one run merge/],
    ['another fixture seed', (d: ReportDocument) => void (d.configuration.fixtureSeed = 7), /shard-2\.json used fixture seed 7 and shard-1\.json seed 1/],
    ['another suite', (d: ReportDocument) => void (d.configuration.suiteDigest = 'sha256:ff'), /shard-2\.json ran another suite than shard-1\.json \(suite digest sha256:ff, not sha256:0+\)/],
    ['another baseline file', (d: ReportDocument) => void (d.runs[0]!.baseline!.file = 'other.json'), /shard-2\.json compared skopeo to other\.json, shard-1\.json to specs\/expected\/skopeo-1\.9\.3\.json/],
    ['other implementation arguments', (d: ReportDocument) => void (d.runs[1]!.implementation.args = ['--verbose']), /^shard-2\.json ran skopeo \(\/usr\/bin\/skopeo experimental-image-proxy\), reference-proxy \(\/work\/bin\/reference-proxy\.js --verbose\) and shard-1\.json ran skopeo \(\/usr\/bin\/skopeo experimental-image-proxy\), reference-proxy \(\/work\/bin\/reference-proxy\.js\): only the shards of one run merge$/],
    ['another implementation version', (d: ReportDocument) => void (d.runs[0]!.implementation.versionString = 'skopeo version 1.18.0'), /shard-2\.json ran .* and shard-1\.json ran .*: only the shards of one run merge/],
    ['one implementation fewer', (d: ReportDocument) => void d.runs.pop(), /shard-2\.json ran skopeo \(.*\) and shard-1\.json ran skopeo \(.*\), reference-proxy/],
    ['another selection (--run)', (d: ReportDocument) => void (d.configuration.run = ['manifest/**']), /^shard-2\.json selected --run manifest\/\*\* and shard-1\.json the whole suite: only the shards of one run merge$/],
    ['another selection (--skip)', (d: ReportDocument) => void (d.configuration.skip = ['hygiene/**']), /^shard-2\.json selected --skip hygiene\/\*\* and shard-1\.json the whole suite: only the shards of one run merge$/],
    ['another selection (--level)', (d: ReportDocument) => void (d.configuration.level = 'MUST'), /^shard-2\.json selected --level MUST and shard-1\.json the whole suite: only the shards of one run merge$/],
    ['another --fail-on', (d: ReportDocument) => void (d.configuration.failOn = 'MUST'), /^shard-2\.json was gated with --fail-on MUST and shard-1\.json with --fail-on INFO: only the shards of one run merge$/],
    ['another shard count', (d: ReportDocument) => void (d.configuration.shard = { index: 2, count: 3 }), /^shard-2\.json is shard 2\/3 and shard-1\.json of 2 shards: only the shards of one run merge$/],
    ['no shard at all', (d: ReportDocument) => void (d.configuration.shard = null), /^shard-2\.json is not a shard \(it was run without --shard\): only the shards of one run merge$/],
  ])('refuses a shard with %s (PC_USAGE, one sentence)', (_what, edit, message) => {
    expect(() => mergeReports([shardOf(1, 2), shardOf(2, 2, edit)], FILES)).toThrow(expect.objectContaining({ code: 'PC_USAGE', message: expect.stringMatching(message) }));
  });

  it('takes the same patterns in another order as the same selection', () => {
    const select = (patterns: string[]) => (d: ReportDocument) => void (d.configuration.run = patterns);
    const merged = mergeReports([shardOf(1, 2, select(['getblob/**', 'manifest/**'])), shardOf(2, 2, select(['manifest/**', 'getblob/**']))], FILES);
    expect(merged.configuration.run).toEqual(['getblob/**', 'manifest/**']);
  });

  it('refuses registry cases run with a registry beside ones run without; a shard that needed none goes with either', () => {
    const registry = (state: 'ran' | 'absent' | 'not-needed') => (d: ReportDocument) => void (d.configuration.registry = state);
    expect(() => mergeReports([shardOf(1, 2, registry('ran')), shardOf(2, 2, registry('absent'))], FILES)).toThrow(
      expect.objectContaining({ code: 'PC_USAGE', message: 'shard-2.json ran its registry cases without a registry and shard-1.json with one: only the shards of one run merge' }),
    );
    const three = ['a.json', 'b.json', 'c.json'];
    expect(() => mergeReports([shardOf(1, 3, registry('not-needed')), shardOf(2, 3, registry('absent')), shardOf(3, 3, registry('ran'))], three)).toThrow(
      'c.json ran its registry cases with a registry and b.json without one: only the shards of one run merge',
    );
    const merged = mergeReports([shardOf(1, 2, registry('not-needed')), shardOf(2, 2, registry('ran'))], FILES);
    expect(merged.configuration.registry).toBe('ran');
    expect(() => validateReport(structuredClone(merged), 'merged.json')).not.toThrow();
  });

  it('refuses the same shard given twice, and a missing shard', () => {
    expect(() => mergeReports([shardOf(1, 2), shardOf(1, 2)], ['a.json', 'b.json'])).toThrow('b.json and a.json are both shard 1/2: only the shards of one run merge');
    expect(() => mergeReports([shardOf(1, 3), shardOf(3, 3)], ['a.json', 'c.json'])).toThrow('shard 2/3 is missing: only the shards of one run merge');
  });

  it('refuses the same case reported by two shards (shards that overlap)', () => {
    expect(() => mergeReports([shardOf(1, 2), shardOf(2, 2, (d) => void (d.runs[0]!.cases = shardOf(1, 2).runs[0]!.cases))], ['a.json', 'b.json'])).toThrow(
      'case lifecycle/initialize-semver of skopeo is in both a.json and b.json: a shard was given twice or the shards overlap',
    );
  });

  it('refuses an empty list', () => {
    expect(() => mergeReports([], [])).toThrow(expect.objectContaining({ code: 'PC_USAGE' }));
  });
});

describe('mergeOrders', () => {
  it('keeps every order the sequences agree on, even against first appearance', () => {
    expect(mergeOrders([['getblob', 'manifest'], ['lifecycle', 'getblob']])).toEqual(['lifecycle', 'getblob', 'manifest']);
    expect(mergeOrders([['a', 'c'], ['b', 'c']])).toEqual(['a', 'b', 'c']);
  });

  it('still places everything when the sequences contradict each other', () => {
    expect(mergeOrders([['a', 'b'], ['b', 'a']])).toEqual(['a', 'b']);
  });
});
