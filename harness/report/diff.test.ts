import { describe, expect, it } from 'vitest';
import type { Verdict } from '../verdicts/verdict.js';
import { sampleReport as sharedSample } from '../test-support/sample-report.js';
import { diffReports, formatReportDiff } from './diff.js';
import type { ReportDocument } from './model.js';

function withVerdict(doc: ReportDocument, label: string, id: string, verdict: Verdict): ReportDocument {
  const run = doc.runs.find((r) => r.implementation.label === label);
  const record = run?.cases.find((c) => c.id === id);
  if (record === undefined) throw new Error(`no case ${id} for ${label}`);
  record.verdict = verdict;
  return doc;
}

// The sample's runs are shared objects: every test edits its own copy.
const sampleReport = (): ReportDocument => structuredClone(sharedSample());

const crash: Verdict = { status: 'crash', message: 'exited with code 2', exit: { code: 2, signal: null }, stderrTail: '' };

describe('diffReports', () => {
  it('finds nothing between a report and itself', () => {
    const diff = diffReports(sampleReport(), sampleReport());
    expect(diff.totals).toEqual({ regressions: 0, fixes: 0, changed: 0 });
    expect(diff.implementations.map((d) => d.label)).toEqual(['skopeo', 'reference-proxy']);
    expect(diff.onlyInA).toEqual([]);
    expect(diff.onlyInB).toEqual([]);
  });

  it('sorts each move of status into exactly one of regression, fix and changed', () => {
    const b = sampleReport();
    withVerdict(b, 'skopeo', 'getblob/layers', { status: 'fail', message: 'layer 1 differs' }); // pass → fail
    withVerdict(b, 'skopeo', 'rawblob/error-pipe', { status: 'hang', message: 'no reply', pending: 'GetRawBlob', waitedMs: 5 }); // n/a → hang
    withVerdict(b, 'skopeo', 'getblob/bad-digest', { status: 'pass' }); // fail → pass
    withVerdict(b, 'skopeo', 'finishpipe/no-args', { status: 'fail', message: 'error reply' }); // crash → fail
    withVerdict(b, 'skopeo', 'finishpipe/finish-before-read-big', { status: 'not-applicable', reason: 'needs 0.2.8' }); // hang → n/a
    withVerdict(b, 'skopeo', 'lifecycle/initialize-semver', { status: 'not-applicable', reason: 'skipped' }); // pass → n/a
    const [skopeo] = diffReports(sampleReport(), b).implementations;
    expect(skopeo?.regressions).toEqual([
      { id: 'getblob/layers', before: 'pass', after: 'fail', detail: 'layer 1 differs' },
      { id: 'rawblob/error-pipe', before: 'not-applicable', after: 'hang', detail: 'no reply' },
    ]);
    expect(skopeo?.fixes).toEqual([{ id: 'getblob/bad-digest', before: 'fail', after: 'pass' }]);
    expect(skopeo?.changed.map((c) => `${c.id}: ${c.before} → ${c.after}`)).toEqual([
      'lifecycle/initialize-semver: pass → not-applicable',
      'finishpipe/no-args: crash → fail',
      'finishpipe/finish-before-read-big: hang → not-applicable',
    ]);
  });

  it('counts a fail that becomes a crash as changed, not as a regression', () => {
    const b = withVerdict(sampleReport(), 'reference-proxy', 'manifest/should-media-type', crash);
    const diff = diffReports(sampleReport(), b);
    expect(diff.totals).toEqual({ regressions: 0, fixes: 0, changed: 1 });
    expect(diff.implementations[1]?.changed).toEqual([{ id: 'manifest/should-media-type', before: 'fail', after: 'crash', detail: 'exited with code 2' }]);
  });

  it('lists cases added and removed with their status', () => {
    const b = sampleReport();
    const skopeo = b.runs[0]!;
    const gone = skopeo.cases.splice(1, 1)[0]!;
    skopeo.cases.push({ ...gone, id: 'getblob/new-case', verdict: { status: 'fail', message: 'x' } });
    const [d] = diffReports(sampleReport(), b).implementations;
    expect(d?.added).toEqual([{ id: 'getblob/new-case', status: 'fail' }]);
    expect(d?.removed).toEqual([{ id: 'getblob/layers', status: 'pass' }]);
    expect(d?.regressions).toEqual([]);
    const last = formatReportDiff(diffReports(sampleReport(), b), { a: 'a.json', b: 'b.json' }).split('\n').at(-1);
    expect(last).toBe('0 regressions, 0 fixes, 0 changed (cases run on one side: 1 only in b.json, 1 only in a.json)');
  });

  it('matches implementations by label first, then by executable, and lists the rest as on one side only', () => {
    const b = sampleReport();
    b.runs[0]!.implementation.label = 'skopeo-1.9.3'; // same executable, new label
    b.runs[1]!.implementation.executable = '/opt/reference-proxy.js'; // same label, moved
    const extra = structuredClone(b.runs[1]!);
    extra.implementation = { ...extra.implementation, label: 'other', executable: '/usr/bin/other' };
    b.runs.push(extra);
    const a = sampleReport();
    const gone = structuredClone(a.runs[0]!);
    gone.implementation = { ...gone.implementation, label: 'old', executable: '/usr/bin/old' };
    a.runs.push(gone);
    const diff = diffReports(a, b);
    expect(diff.implementations.map((d) => [d.label, d.labelBefore, d.executable])).toEqual([
      ['skopeo-1.9.3', 'skopeo', '/usr/bin/skopeo'],
      ['reference-proxy', undefined, '/opt/reference-proxy.js'],
    ]);
    expect(diff.onlyInA).toEqual([{ label: 'old', executable: '/usr/bin/old' }]);
    expect(diff.onlyInB).toEqual([{ label: 'other', executable: '/usr/bin/other' }]);
  });
});

describe('formatReportDiff', () => {
  it('prints one line per difference under its implementation and ends with the totals', () => {
    const b = withVerdict(sampleReport(), 'skopeo', 'getblob/layers', { status: 'fail', message: 'layer 1 differs' });
    withVerdict(b, 'skopeo', 'getblob/bad-digest', { status: 'pass' });
    b.runs[1]!.implementation.label = 'renamed';
    b.runs[1]!.implementation.executable = '/elsewhere';
    const text = formatReportDiff(diffReports(sampleReport(), b), { a: 'A.json', b: 'B.json' });
    expect(text.split('\n')).toEqual([
      'skopeo (/usr/bin/skopeo):',
      '  REGRESSION  getblob/layers: pass → fail: layer 1 differs',
      '  FIX         getblob/bad-digest: fail → pass',
      'only in A.json: reference-proxy (/work/bin/reference-proxy.js)',
      'only in B.json: renamed (/elsewhere)',
      '1 regressions, 1 fixes, 0 changed',
    ]);
  });

  it('says so when an implementation has no differences', () => {
    expect(formatReportDiff(diffReports(sampleReport(), sampleReport()), { a: 'a', b: 'b' })).toBe(
      'skopeo (/usr/bin/skopeo): no differences\nreference-proxy (/work/bin/reference-proxy.js): no differences\n0 regressions, 0 fixes, 0 changed',
    );
  });
});
