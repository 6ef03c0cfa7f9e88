// index.html is checked in a real browser: headless Chromium (Debian's `chromium`) renders it, runs
// its filter script, and takes a screenshot. Missing chromium fails these tests; it never skips them.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { withDir } from 'tmp-promise';
import { describe, expect, test, vi } from 'vitest';
import { sampleInterruptedReport, sampleReport, sampleSingleReport } from '../test-support/sample-report.js';
import type { ReportDocument } from './model.js';
import { SCRIPT } from './html-assets.js';
import { anchor } from './html-case.js';
import { renderHtml } from './html.js';
import { REPORTERS } from './reporters.js';
import { dumpDom, takeScreenshot } from '../test-support/screenshot.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A sample whose every string an implementation controls carries markup. */
function hostileSample(): ReportDocument {
  // A deep copy: the sample's runs are shared module objects.
  const doc = structuredClone(sampleReport());
  const run = doc.runs[1]!;
  run.implementation.label = '<b>evil</b>';
  run.implementation.versionString = '"><img src=https://example.com/x.png>';
  run.preflightError = null;
  const c = run.cases[0]!;
  c.stderrTail = '<script>alert(1)</script>';
  c.transcript.push({ t: 3, event: 'recv', len: 9, text: '<iframe src="http://example.com">', fds: ['<pipe>'], truncated: false });
  return doc;
}

async function withPage<T>(doc: ReportDocument, body: (file: string, dir: string) => Promise<T>): Promise<T> {
  return withDir(async ({ path: dir }) => {
    const file = path.join(dir, REPORTERS.html.file);
    await writeFile(file, await REPORTERS.html.render(doc));
    return body(file, dir);
  }, { unsafeCleanup: true });
}

async function expectScreenshot(file: string, png: string): Promise<void> {
  await takeScreenshot(file, png, { width: 1280, height: 1400 });
  const bytes = await readFile(png);
  expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(bytes.length).toBeGreaterThan(10_000);
}

describe('the HTML report', () => {
  test('says in its header which failures fail the run (--fail-on)', () => {
    const doc = structuredClone(sampleReport());
    expect(renderHtml(doc)).not.toContain('<dt>gate</dt>');
    doc.configuration.failOn = 'MUST';
    expect(renderHtml(doc)).toMatch(/<header>[^]*<dt>gate<\/dt><dd>--fail-on MUST: failures of MUST cases fail the run; the others are reported only<\/dd>[^]*<\/header>/);
  });

  test('escapes every string from the document and references nothing remote', () => {
    const html = renderHtml(hostileSample());
    expect(html).not.toContain('<with markup');
    expect(html).toContain('&#60;with markup &#38; &#34;quotes&#34;&#62;');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<b>evil');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<iframe');
    expect(html).not.toContain('<pipe>');
    // Data is escaped, so every raw `<` opens one of our own tags: none may point off the page.
    const tags = html.match(/<[a-z][^>]*>/gi) ?? [];
    expect(tags.filter((tag) => /\b(src|href|action)\s*=\s*["']?\s*(https?:)?\/\//i.test(tag))).toEqual([]);
    expect(renderHtml(sampleReport())).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/@import|url\(/);
    // The only <script> is ours.
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  test('its Content-Security-Policy allows nothing but inline style, data: images and the inline script by digest, and no base or form target', () => {
    const html = renderHtml(sampleSingleReport());
    const digest = createHash('sha256').update(SCRIPT).digest('base64');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${digest}'; img-src data:; base-uri 'none'; form-action 'none'">`);
    expect(html).toContain(`<script>${SCRIPT}</script>`);
  });

  test('opens on what did not pass, each with its reason in sight, before the counts; failed is all of it, with its parts', () => {
    const html = renderHtml(sampleReport());
    const failures = html.search(/<section id="failures"><h2>Did not pass \(\d+\)<\/h2>/);
    expect(failures).toBeGreaterThan(0);
    expect(failures).toBeLessThan(html.indexOf('<section id="summary">'));
    expect(html).toMatch(/<section id="failures">.*implementation exited \(code 2\) before replying to FinishPipe.*<\/section>/s);
    expect(html).toContain('<th class="num">failed</th>');
    expect(html).toContain('failed counts every applicable case that did not pass');
  });

  test('the matrix marks the rows every implementation ended alike, for the differences-only view', () => {
    const html = renderHtml(sampleReport());
    expect(html).toMatch(/<input type="checkbox" id="matrix-differences"> only the \d+ cases the implementations end differently/);
    expect(html).toContain('#matrix:has(#matrix-differences:checked) tr.same { display: none; }');
  });

  test('shows the header, counts per verdict and baseline outcome, and every case with its evidence', () => {
    const doc = sampleReport();
    const html = renderHtml(doc);
    expect(html).toContain('/usr/bin/skopeo --policy /tmp/proxy-conformance-1-x/policy.json experimental-image-proxy');
    expect(html).toContain('skopeo version 1.9.3 · protocol 0.2.3');
    expect(html).toContain('<dt>fixture seed</dt><dd>1</dd>');
    expect(html).toContain('2 passed, 4 failed (1 hung, 1 crashed, 2 expected by the baseline, 1 flaky), 1 not applicable');
    expect(html).toContain('<td class="dir">→</td><td class="text">{&#34;method&#34;:&#34;Initialize&#34;,&#34;args&#34;:[]}</td>');
    expect(html).toContain('<td class="dir">←</td>');
    expect(html).toContain('fds received: 1 pipe; 1 payload pipe read, 3 bytes');
    expect(html).toContain('panic: runtime error: index out of range [0] with length 0');
    for (const [i, run] of doc.runs.entries()) {
      for (const c of run.cases) {
        expect(html).toContain(`id="${anchor(c.id, i)}"`);
        expect(html).toContain(`>${c.id}</a>`);
      }
    }
    const merged = renderHtml({ ...sampleSingleReport(), mergedFrom: ['shard-1/results.json', 'shard-2/results.json'] });
    expect(merged).toContain('<dt>merged from</dt><dd>shard-1/results.json, shard-2/results.json</dd>');
  });

  test('an interrupted run says so in its summary and section, and badges the cases cut short', () => {
    const html = renderHtml(sampleInterruptedReport());
    expect(html).toContain('skopeo — interrupted: 1 passed, 4 failed (1 hung, 1 crashed, 2 expected by the baseline, 1 flaky), 1 not applicable, 1 interrupted, 2 did not run');
    expect(html).toContain('<p class="message error">The run was interrupted: 2 selected cases did not run.</p>');
    expect(html).toContain('<span class="badge v-interrupted">INTERRUPTED</span>');
    expect(renderHtml(sampleSingleReport())).not.toContain('The run was interrupted');
  });

  test('case anchors carry the implementation index only when there are several, and never collide', () => {
    expect(renderHtml(sampleSingleReport())).toContain('id="case-finishpipe__no-args"');
    expect(anchor('a/b.c', 1)).toBe('case-1-a__b_2e_c');
    expect(anchor('a/b_2e_c', 1)).not.toBe(anchor('a/b.c', 1));
    expect(anchor('a//b', null)).not.toBe(anchor('a/_2f_b', null));
    expect(anchor('<x y="">', null)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  test('a matrix of cases × implementations appears only when the run had several', () => {
    expect(renderHtml(sampleSingleReport())).not.toContain('id="matrix"');
    const html = renderHtml(sampleReport());
    expect(html).toContain('id="matrix"');
    expect(html.indexOf('id="matrix"')).toBeLessThan(html.indexOf('class="impl"'));
    // The skopeo crash cell links to skopeo's detail, marked as expected by the baseline.
    expect(html).toContain('href="#case-0-finishpipe__no-args" title="crash: implementation exited (code 2) before replying to FinishPipe (expected by the baseline)">CRASH*</a>');
    expect(html).toContain('href="#case-1-finishpipe__no-args" title="pass">pass</a>');
    // Totals come first, right under the column headings.
    expect(html).toContain('protocol 0.2.8</span></th></tr><tr class="totals"><th>passed / failed / n/a</th><td class="num">2 / 4 / 1</td><td class="num">6 / 1 / 0</td></tr></thead>');
  });

  test('each implementation has a section of its own that the matrix column headings link to', () => {
    const html = renderHtml(sampleReport());
    for (const i of [0, 1]) {
      expect(html).toContain(`<th class="impl"><a href="#impl-${i}">`);
      expect(html.match(new RegExp(`id="impl-${i}"`, 'g'))).toHaveLength(1);
      expect(html).toMatch(new RegExp(`<section class="impl" id="impl-${i}">\\s*<h2>${['skopeo', 'reference-proxy'][i]}: 7 cases</h2>`));
    }
    expect(renderHtml(sampleSingleReport())).toMatch(/<section class="impl" id="impl-0">\s*<h2>7 cases<\/h2>/);
  });

  test('in headless Chromium the script runs, #status=fail hides every other row, and a linked case is revealed', async () => {
    await withPage(sampleReport(), async (file) => {
      const url = pathToFileURL(file).href;
      const all = await dumpDom(url);
      expect(all).toMatch(/<body data-shown="14" data-script="ran">/);
      expect(all).toContain('14 of 14 cases shown');
      expect(all).toMatch(/<form class="filters" id="filters">/);

      const failing = await dumpDom(`${url}#status=fail`);
      expect(failing).toContain('3 of 14 cases shown');
      expect(failing).toMatch(/<tr class="case hidden" id="case-0-lifecycle__initialize-semver"/);
      expect(failing).toMatch(/<tr class="case hidden" id="case-0-finishpipe__no-args"/);
      expect(failing).toMatch(/<tr class="case" id="case-0-getblob__bad-digest"/);
      expect(failing).toMatch(/<tbody class="group-body hidden"><tr class="group"><th colspan="5">lifecycle/);

      const search = await dumpDom(`${url}#status=failed&q=FINISHPIPE`);
      expect(search).toContain('2 of 14 cases shown');

      const linked = await dumpDom(`${url}#case-1-getblob__layers`);
      expect(linked).toMatch(/<tr class="case" id="case-1-getblob__layers"[^]*?<details open="">/);
    });
  });

  test('a screenshot of each page is a PNG of real content', async () => {
    await withPage(sampleSingleReport(), (file, dir) => expectScreenshot(file, path.join(dir, 'single.png')));
    await withPage(sampleReport(), (file, dir) => expectScreenshot(file, path.join(dir, 'matrix.png')));
  });

  test('without chromium on PATH, a screenshot fails with a usage error naming the package', async () => {
    vi.stubEnv('PATH', '/nonexistent');
    try {
      await expect(dumpDom('file:///nonexistent.html')).rejects.toMatchObject({
        code: 'PC_USAGE',
        message: expect.stringContaining('apt-get install chromium'),
      });
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
