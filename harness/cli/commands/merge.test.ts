import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReportDocument } from '../../report/model.js';
import { REPORT_FORMATS, REPORTERS } from '../../report/reporters.js';
import { sampleReport } from '../../test-support/sample-report.js';
import { scratchDir } from '../../test-support/scratch-dir.js';
import { makeMergeCommand } from './merge.js';

const temp = scratchDir('merge-command-test');

/** The sample cut into shard `index` of 2 (even or odd cases). */
function writeShard(name: string, index: number, edit: (doc: ReportDocument) => void = () => {}): string {
  const doc = structuredClone(sampleReport());
  doc.configuration.shard = { index, count: 2 };
  for (const run of doc.runs) {
    run.cases = run.cases.filter((_, i) => i % 2 === index - 1);
    run.baseline = null;
  }
  edit(doc);
  const file = path.join(temp, name);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

async function runMerge(...args: string[]) {
  const seen = { out: [] as string[], err: [] as string[], code: -1 };
  const command = makeMergeCommand({ out: { write: (s) => void seen.out.push(s) }, err: { write: (s) => void seen.err.push(s) }, signal: new AbortController().signal, setExitCode: (c) => void (seen.code = c) })
    .exitOverride()
    .configureOutput({ writeErr: (s) => void seen.err.push(s) });
  await command.parseAsync(args, { from: 'user' });
  return seen;
}

describe('merge command', () => {
  const a = writeShard('a.json', 1);
  const b = writeShard('b.json', 2);

  it('writes every report format into --out and exits 0', async () => {
    const out = path.join(temp, 'all');
    const seen = await runMerge(a, b, '--out', out);
    expect(seen).toMatchObject({ code: 0, err: [] });
    expect(readdirSync(out).sort()).toEqual(REPORT_FORMATS.map((f) => REPORTERS[f].file).sort());
    const merged = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as ReportDocument;
    expect(merged.mergedFrom).toEqual([a, b]);
    expect(merged.runs[0]?.cases).toHaveLength(7);
    expect(seen.out[0]).toBe('merged 2 files: 2 implementations, 14 cases');
  });

  it('writes only the formats named with --format', async () => {
    const out = path.join(temp, 'json-only');
    expect((await runMerge(a, b, '--out', out, '--format', 'json')).code).toBe(0);
    expect(readdirSync(out)).toEqual(['results.json']);
  });

  it('answers an unknown format with a usage error listing the formats', async () => {
    const seen = { err: '' };
    const command = makeMergeCommand({ out: { write: () => {} }, err: { write: () => {} }, signal: new AbortController().signal, setExitCode: () => {} })
      .exitOverride()
      .configureOutput({ writeErr: (s) => void (seen.err += s) });
    await expect(command.parseAsync([a, '--out', temp, '--format', 'pdf'], { from: 'user' })).rejects.toMatchObject({ code: 'commander.invalidArgument' });
    expect(seen.err).toContain(`--format takes one of ${REPORT_FORMATS.join(', ')}, not "pdf"`);
  });

  it('exits 2 with one sentence for shards of different runs, writing nothing', async () => {
    const other = writeShard('other-seed.json', 2, (doc) => void (doc.configuration.fixtureSeed = 9));
    const out = path.join(temp, 'refused');
    const seen = await runMerge(a, other, '--out', out);
    expect(seen.code).toBe(2);
    expect(seen.err).toEqual([`merge: ${other} used fixture seed 9 and ${a} seed 1: only the shards of one run merge`]);
    expect(() => readdirSync(out)).toThrow();
  });

  it('exits 2 for a file that is not a results.json', async () => {
    const bad = path.join(temp, 'bad.json');
    writeFileSync(bad, '[]');
    const seen = await runMerge(a, bad, '--out', path.join(temp, 'x'));
    expect(seen.code).toBe(2);
    expect(seen.err[0]).toMatch(/^merge: .*bad\.json is not a proxy-conformance results\.json/);
  });

  it('exits 2 when --out cannot be written', async () => {
    const blocker = path.join(temp, 'a-file');
    writeFileSync(blocker, '');
    const seen = await runMerge(a, b, '--out', blocker);
    expect(seen.code).toBe(2);
    expect(seen.err[0]).toMatch(/^merge: cannot write the report into .*a-file: /);
  });
});
