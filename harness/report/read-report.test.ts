import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleReport } from '../test-support/sample-report.js';
import { scratchDir } from '../test-support/scratch-dir.js';
import { readReport } from './read-report.js';

const temp = scratchDir('read-report-test');

function write(name: string, content: unknown): string {
  const file = path.join(temp, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('readReport', () => {
  it('reads back what the json reporter writes', () => {
    expect(readReport(write('ok.json', sampleReport()))).toEqual(JSON.parse(JSON.stringify(sampleReport())));
  });

  it.each([
    ['a missing file', null, /cannot read .*missing\.json: ENOENT/],
    ['text that is not JSON', '{"format": 1,', /cannot read .*: .*JSON/],
    ['a document without a format number', { runs: [] }, /is not a proxy-conformance results\.json \(it has no format number\)/],
    ['another format', { ...sampleReport(), format: 2 }, /is results format 2; this version of proxy-conformance reads format 1/],
    ['runs that are not a list', { ...sampleReport(), runs: {} }, /is not a valid results\.json: \$\.runs must be array/],
    ['a configuration without its suite digest', { ...sampleReport(), configuration: { ...sampleReport().configuration, suiteDigest: undefined } }, /is not a valid results\.json: \$\.configuration must have required property 'suiteDigest'/],
  ])('refuses %s with one sentence and PC_USAGE', (_what, content, message) => {
    const file = content === null ? path.join(temp, 'missing.json') : write('bad.json', content);
    expect(() => readReport(file)).toThrow(expect.objectContaining({ code: 'PC_USAGE', message: expect.stringMatching(message) }));
  });

  it('names the case whose verdict is not one', () => {
    const doc = structuredClone(sampleReport());
    (doc.runs[1]!.cases[2]!.verdict as { status: string }).status = 'passed';
    expect(() => readReport(write('verdict.json', doc))).toThrow(/is not a valid results\.json: \$\.runs\[1\]\.cases\[2\]\.verdict/);
  });
});
