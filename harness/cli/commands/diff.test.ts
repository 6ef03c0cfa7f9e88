import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReportDocument } from '../../report/model.js';
import { sampleReport } from '../../test-support/sample-report.js';
import { scratchDir } from '../../test-support/scratch-dir.js';
import { makeDiffCommand } from './diff.js';

const temp = scratchDir('diff-command-test');

function write(name: string, doc: unknown): string {
  const file = path.join(temp, name);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

async function runDiff(...args: string[]) {
  const seen = { out: [] as string[], err: [] as string[], code: -1 };
  const command = makeDiffCommand({ out: { write: (s) => void seen.out.push(s) }, err: { write: (s) => void seen.err.push(s) }, signal: new AbortController().signal, setExitCode: (c) => void (seen.code = c) })
    .exitOverride()
    .configureOutput({ writeErr: (s) => void seen.err.push(s) });
  await command.parseAsync(args, { from: 'user' });
  return seen;
}

function regressed(): ReportDocument {
  const doc = structuredClone(sampleReport());
  doc.runs[0]!.cases.find((c) => c.id === 'getblob/layers')!.verdict = { status: 'fail', message: 'layer 1 differs' };
  return doc;
}

describe('diff command', () => {
  const a = write('a.json', sampleReport());

  it('exits 0 and prints the totals line when nothing regressed', async () => {
    const seen = await runDiff(a, write('same.json', sampleReport()));
    expect(seen.code).toBe(0);
    expect(seen.out.join('\n').split('\n').at(-1)).toBe('0 regressions, 0 fixes, 0 changed');
  });

  it('exits 1 on a regression and names it', async () => {
    const seen = await runDiff(a, write('regressed.json', regressed()));
    expect(seen.code).toBe(1);
    expect(seen.out.join('\n')).toContain('REGRESSION  getblob/layers: pass → fail: layer 1 differs');
  });

  it('prints the differences as JSON with --json', async () => {
    const seen = await runDiff(a, write('regressed-json.json', regressed()), '--json');
    expect(seen.code).toBe(1);
    expect(JSON.parse(seen.out.join('\n')).totals).toEqual({ regressions: 1, fixes: 0, changed: 0 });
  });

  it('exits 2 with one sentence and no stack for a file that is not a results.json', async () => {
    const seen = await runDiff(a, write('not-results.json', { hello: 'world' }));
    expect(seen.code).toBe(2);
    expect(seen.out).toEqual([]);
    expect(seen.err).toEqual([`diff: ${path.join(temp, 'not-results.json')} is not a proxy-conformance results.json (it has no format number)`]);
  });

  it('exits 2 for a file that cannot be read', async () => {
    const seen = await runDiff(path.join(temp, 'nope.json'), a);
    expect(seen.code).toBe(2);
    expect(seen.err[0]).toMatch(/^diff: cannot read .*nope\.json: ENOENT/);
  });

  it('answers a missing argument with commander\'s usage error', async () => {
    await expect(runDiff(a)).rejects.toMatchObject({ code: 'commander.missingArgument' });
  });
});
