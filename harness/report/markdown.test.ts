import { expect, test } from 'vitest';
import { sampleInterruptedReport, sampleReport, sampleSingleReport } from '../test-support/sample-report.js';
import type { ReportDocument } from './model.js';
import { renderMarkdown } from './markdown.js';

test('one row per implementation with its gate, regressions listed, known deviations folded', () => {
  const md = renderMarkdown(sampleSingleReport());
  expect(md).toContain('| **skopeo**<br>skopeo version 1.9.3 | 0.2.3 | 2 | 4 | 1 | 1 | 2 | 1 | ❌ 1 regression |');
  expect(md).toMatch(/### skopeo: regressions\n\n- ❌ fail `manifest\/should-media-type` — manifest media type differs/);
  expect(md).toMatch(/<details>\n<summary>skopeo: 3 known deviations \(baseline\)<\/summary>/);
  expect(md).not.toContain('Where the implementations differ');
});

test('several implementations: a table of the cases where they differ', () => {
  const md = renderMarkdown(sampleReport());
  expect(md).toContain('### Where the implementations differ (4 cases)');
  expect(md).toContain('| `finishpipe/no-args` | 💥 crash | ✅ pass |');
  expect(md).not.toContain('| `manifest/should-media-type` |');
});

test('text from an implementation cannot break the table or inject markup', () => {
  const doc = sampleSingleReport();
  doc.runs[0]!.implementation.versionString = 'evil | <img src=x>\nnext';
  const md = renderMarkdown(doc);
  expect(md).toContain('evil \\| \\<img src=x\\> next');
});

test('an interrupted run says so above the table and in its gate, with what did not run', () => {
  const md = renderMarkdown(sampleInterruptedReport());
  expect(md).toContain('**The run was interrupted**: 1 cases were cut short and 2 did not run.');
  expect(md).toMatch(/^\| \*\*skopeo\*\*.* \| ⏹️ interrupted: 2 cases did not run \|$/m);
  expect(renderMarkdown(sampleSingleReport())).not.toContain('interrupted');
});

/** The one implementation's row of summary.md. */
const rowOf = (md: string) => md.split('\n').find((l) => l.startsWith('| **skopeo**'));

/** The single sample without its baseline: its failures gate by level alone. */
function withoutBaseline(failOn?: 'MUST' | 'SHOULD' | 'INFO'): ReportDocument {
  const doc = structuredClone(sampleSingleReport());
  if (failOn !== undefined) doc.configuration.failOn = failOn;
  const run = doc.runs[0]!;
  run.baseline = null;
  for (const c of run.cases) delete c.baseline;
  return doc;
}

test('--fail-on: the gate counts only the failures that fail the run, and says what gates', () => {
  // Three MUST failures and one SHOULD failure (manifest/should-media-type).
  const must = renderMarkdown(withoutBaseline('MUST'));
  expect(must).toContain('Gate: `--fail-on MUST`: failures of MUST cases fail the run; the others are reported only.');
  expect(rowOf(must)).toMatch(/\| ❌ 3 failures, ⚠️ 1 failure below MUST, not gating \|$/);
  expect(must).toContain('- ❌ fail `manifest/should-media-type` — manifest media type differs (SHOULD: not gating below --fail-on MUST)');
  expect(rowOf(renderMarkdown(withoutBaseline('INFO')))).toMatch(/\| ❌ 4 failures \|$/);

  // No failure at MUST: nothing gates, and the row says so instead of "failures".
  const lenient = withoutBaseline('MUST');
  for (const c of lenient.runs[0]!.cases) c.level = 'SHOULD';
  expect(rowOf(renderMarkdown(lenient))).toMatch(/\| ⚠️ 4 failures below MUST, not gating \|$/);

  // With a baseline, the regression of a SHOULD case does not gate at MUST.
  const baseline = structuredClone(sampleSingleReport());
  baseline.configuration.failOn = 'MUST';
  expect(rowOf(renderMarkdown(baseline))).toMatch(/\| ✅ matches baseline \(2 known\), ⚠️ 1 regression below MUST, not gating \|$/);
});

test('results written before --fail-on was recorded get no gate line, and every failure gates', () => {
  const md = renderMarkdown(withoutBaseline());
  expect(md).not.toContain('Gate:');
  expect(rowOf(md)).toMatch(/\| ❌ 4 failures \|$/);
});
