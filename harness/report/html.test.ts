// index.html is checked in a real browser: headless Chromium (Debian's `chromium`) renders it,
// runs its filter script, and takes a screenshot. Missing chromium fails the test.
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { withDir } from 'tmp-promise';
import { describe, expect, test } from 'vitest';
import { sampleReport, sampleSingleReport } from '../test-support/sample-report.js';
import { renderHtml } from './html.js';
import { dumpDom, takeScreenshot } from './screenshot.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('the HTML report', () => {
  test('escapes everything from the document and loads nothing from the network', () => {
    const doc = sampleSingleReport();
    doc.runs[0]!.cases[0]!.stderrTail = '<script>alert(1)</script>';
    const html = renderHtml(doc);
    expect(html).not.toContain('<with markup');
    expect(html).toContain('&#60;with markup &#38; &#34;quotes&#34;&#62;');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-[A-Za-z0-9+/=]+'/);
    for (const c of doc.runs[0]!.cases) expect(html).toContain(`>${c.id}</a>`);
  });

  test('a matrix of cases × implementations appears only when the run had several', () => {
    expect(renderHtml(sampleSingleReport())).not.toContain('id="matrix"');
    const html = renderHtml(sampleReport());
    expect(html).toContain('id="matrix"');
    // The skopeo crash cell links to skopeo's detail, marked as expected by the baseline.
    expect(html).toContain('href="#case-0-finishpipe__no-args" title="crash: implementation exited (code 2) before replying to FinishPipe (expected by the baseline)">CRASH*</a>');
    expect(html).toContain('id="case-1-finishpipe__no-args"');
  });

  test('renders in headless Chromium: its script runs, a #status filter hides passing rows, and a screenshot is taken', async () => {
    await withDir(
      async ({ path: dir }) => {
        const file = path.join(dir, 'index.html');
        await writeFile(file, renderHtml(sampleReport()));
        const all = await dumpDom(file);
        expect(all).toMatch(/<body data-filtered="0" data-ready="1">/);
        expect(all).toContain('14 of 14 cases shown');
        const failed = await dumpDom(file, { hash: '#status=failed' });
        expect(failed).toContain('5 of 14 cases shown');
        expect(failed).toMatch(/<tr class="case hidden" id="case-0-lifecycle__initialize-semver"/);
        expect(failed).toMatch(/<tr class="case" id="case-0-finishpipe__no-args"/);
        const png = path.join(dir, 'matrix.png');
        await takeScreenshot(file, png, { width: 1280, height: 1200 });
        const bytes = await readFile(png);
        expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
        expect((await stat(png)).size).toBeGreaterThan(10_000);
      },
      { unsafeCleanup: true },
    );
  }, 60_000);
});
