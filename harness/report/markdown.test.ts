import { expect, test } from 'vitest';
import { sampleInterruptedReport, sampleReport, sampleSingleReport } from '../test-support/sample-report.js';
import { renderMarkdown } from './markdown.js';

test('one row per implementation with its gate, regressions listed, known deviations folded', () => {
  const md = renderMarkdown(sampleSingleReport());
  expect(md).toContain('| **skopeo**<br>skopeo version 1.9.3 | 0.2.3 | 2 | 4 | 1 | 1 | 2 | 1 | ❌ 1 regressions |');
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
