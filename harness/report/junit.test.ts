// junit.xml is checked the way CI consumes it: against the JUnit schema (xmllint, from Debian's
// libxml2-utils) and through a JUnit parser.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { parse, type TestCase } from 'junit2json';
import { withDir } from 'tmp-promise';
import { describe, expect, test } from 'vitest';
import { sampleInterruptedReport, sampleReport } from '../test-support/sample-report.js';
import { REPO_ROOT } from '../test-support/paths.js';
import { renderJunit } from './junit.js';

const XSD = path.join(REPO_ROOT, 'specs', 'junit', 'junit.xsd');

/** xmllint's verdict on one document; the tests fail (not skip) when xmllint is missing. */
async function validate(xml: string): Promise<{ ok: boolean; stderr: string }> {
  return withDir(
    async ({ path: dir }) => {
      const file = path.join(dir, 'junit.xml');
      await writeFile(file, xml);
      const result = await execa('xmllint', ['--noout', '--schema', XSD, file], { reject: false, timeout: 10_000 });
      if (result.failed && result.exitCode === undefined) throw new Error(`xmllint did not run (apt-get install libxml2-utils): ${result.message}`);
      return { ok: result.exitCode === 0, stderr: result.stderr };
    },
    { unsafeCleanup: true },
  );
}

describe('junit.xml', () => {
  test('validates against the JUnit schema, with hostile text from the implementation', async () => {
    const doc = sampleReport();
    const first = doc.runs[0]!.cases[0]!;
    first.stderrTail = 'bell \u0007 nul \u0000 and ]]> inside CDATA </system-err>';
    first.transcript.push({ t: 3, event: 'recv', len: 4, text: '\u0001<x>]]>', fds: [], truncated: false });
    const result = await validate(renderJunit(doc));
    expect(result.stderr).toMatch(/validates/);
    expect(result.ok).toBe(true);
  });

  test('the schema check can fail: a testcase without a name and an unknown element are rejected', async () => {
    const good = renderJunit(sampleReport());
    const noName = good.replace('name="lifecycle/initialize-semver"', '');
    expect((await validate(noName)).ok).toBe(false);
    const unknown = good.replace('<skipped/>', '<xfail/>');
    expect((await validate(unknown)).ok).toBe(false);
  });

  test('a JUnit parser reads one suite per implementation, case ids as test names, verdicts mapped', async () => {
    const parsed = await parse(renderJunit(sampleReport()));
    const suites = parsed && 'testsuite' in parsed ? parsed.testsuite ?? [] : [];
    expect(suites.map((s) => [s.name, s.tests, s.failures, s.errors, s.skipped])).toEqual([
      ['skopeo', 7, 1, 0, 4],
      ['reference-proxy', 7, 1, 0, 0],
    ]);
    const cases = new Map((suites[0]?.testcase ?? []).map((c): [string, TestCase] => [c.name ?? '', c]));
    expect([...cases.keys()]).toEqual(sampleReport().runs[0]!.cases.map((c) => c.id));
    expect(cases.get('manifest/should-media-type')?.failure?.[0]).toMatchObject({ message: 'manifest media type differs', type: 'fail' });
    // Failures the baseline expects, and flaky records, are skipped so known quirks do not fail CI.
    expect(cases.get('getblob/bad-digest')?.skipped).toHaveLength(1);
    expect(cases.get('finishpipe/no-args')?.['system-out']?.[0]).toContain('expected crash (baseline): panics on a missing argument');
    expect(cases.get('rawblob/error-pipe')?.['system-out']?.[0]).toContain('not applicable: needs protocol 0.2.8');
    expect(cases.get('getblob/layers')?.classname).toBe('skopeo.getblob');
    const reference = new Map((suites[1]?.testcase ?? []).map((c): [string, TestCase] => [c.name ?? '', c]));
    expect(reference.get('finishpipe/no-args')?.skipped).toBeUndefined();
    expect(reference.get('finishpipe/no-args')?.failure).toBeUndefined();
  });

  test('hangs, crashes and harness errors are errors with their kind as type', async () => {
    const doc = sampleReport();
    for (const c of doc.runs[0]!.cases) delete c.baseline;
    const parsed = await parse(renderJunit(doc));
    const cases = parsed && 'testsuite' in parsed ? parsed.testsuite?.[0]?.testcase ?? [] : [];
    const kinds = cases.flatMap((c) => (c.error ?? []).map((e) => [c.name, e.type]));
    expect(kinds).toEqual([
      ['finishpipe/no-args', 'crash'],
      ['finishpipe/finish-before-read-big', 'hang'],
    ]);
  });

  test('an interrupted case is skipped with what it waited for, and each case that did not run is skipped too', async () => {
    const xml = renderJunit(sampleInterruptedReport());
    expect((await validate(xml)).ok).toBe(true);
    const parsed = await parse(xml);
    const suite = parsed && 'testsuite' in parsed ? parsed.testsuite?.[0] : undefined;
    const cases = new Map((suite?.testcase ?? []).map((c): [string, TestCase] => [c.name ?? '', c]));
    expect(cases.get('getblob/layers')?.skipped).toHaveLength(1);
    expect(cases.get('getblob/layers')?.['system-out']?.[0]).toContain('interrupted: the run was interrupted while the case waited for reply to GetBlob');
    for (const id of ['lifecycle/eof-exit-zero', 'manifest/golden']) {
      expect(cases.get(id)?.skipped, id).toHaveLength(1);
      expect(cases.get(id)?.['system-out']?.[0]).toBe('did not run: the run was interrupted first');
    }
    expect(cases.get('manifest/golden')?.classname).toBe('skopeo.manifest');
    expect(suite?.tests).toBe(9);
  });
});
