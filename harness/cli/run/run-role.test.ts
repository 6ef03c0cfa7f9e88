// A third role costs one driver: a stub driver (two cases, one failing) run through runRole gets the
// console, selection, baseline gating, flaky re-runs, the report and the exit code with no code of its own.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { withDir } from 'tmp-promise';
import { describe, expect, test } from 'vitest';
import type { CaseDefinition } from '../../model/case.js';
import { EXIT } from '../../verdicts/exit-codes.js';
import { fillLeavingOnePage, withTmpfs } from '../../test-support/tmpfs.js';
import { runRole, type RoleDriver, type RoleIo } from './run-role.js';

const meta = { why: 'stub', level: 'MUST' as const, since: '0.2.0', reference: 'stub', tags: ['stub'] };
let flakyRuns = 0;
const CASES: CaseDefinition<string>[] = [
  { ...meta, id: 'stub/passes', title: 'passes', run: async (ctx) => expect(ctx).toBe('subject') },
  { ...meta, id: 'stub/fails', title: 'fails', run: async () => { throw new Error('stub failure'); } },
  { ...meta, id: 'stub/flaky', title: 'flaky', run: async () => { if (flakyRuns++ === 0) throw new Error('first time'); } },
];

const STUB_DRIVER: RoleDriver = {
  name: 'stub',
  cases: () => CASES as CaseDefinition<never>[],
  targets: (options) => [{ label: 'stub-target', baseline: options.targets[0]?.baseline }],
  async describe() {
    return {
      subject: {
        implementation: { executable: '/bin/true', args: [], socket: 'none' },
        role: () => ({
          verdictWithoutSession: () => null,
          startSession: async () => ({ context: 'subject', verdictAfterRun: () => null, end: async () => ({ transcript: [], stderrTail: '' }) }),
        }),
      },
      header: { executable: '/bin/true', args: [], socket: 'none' },
      versionString: null,
      known: null,
    };
  },
};

describe('runRole with a stub driver', () => {
  test('reports, gates on its baseline and re-runs a flaky record, as every role does', async () => {
    await withDir(
      async ({ path: dir }) => {
        const baseline = path.join(dir, 'baseline.json');
        writeFileSync(
          baseline,
          JSON.stringify({
            implementation: 'stub',
            protocol: '0.2.8',
            cases: { 'stub/fails': { status: 'harness-error', reason: 'the stub fails on purpose' }, 'stub/flaky': { status: 'harness-error', reason: 'flaky on purpose', flaky: true } },
          }),
        );
        const lines: string[] = [];
        flakyRuns = 0;
        const code = await runRole(STUB_DRIVER, { targets: [{ args: [], baseline }], run: [], skip: [], reportDir: dir, formats: ['json'], color: false }, { out: { write: (t: string) => lines.push(t) }, signal: new AbortController().signal });
        const doc = JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8'));
        expect(doc.runs[0].implementation.label).toBe('stub-target');
        // The role is the driver's name, recorded by the run: the stub's subject names none.
        expect(doc.runs[0].implementation.role).toBe('stub');
        expect(doc.runs[0].cases.map((c: { id: string; verdict: { status: string } }) => `${c.id} ${c.verdict.status}`)).toEqual(['stub/passes pass', 'stub/fails harness-error', 'stub/flaky pass']);
        expect(doc.runs[0].cases[2].attempts).toEqual(['harness-error']);
        expect(doc.runs[0].baseline.expected).toContain('stub/fails');
        // A harness error (the stub's thrown Error) is exit 3 whatever the baseline says, as for any role.
        expect(code).toBe(EXIT.HARNESS_ERROR);
      },
      { unsafeCleanup: true },
    );
  });
});

/** Runs the stub with no baseline into `dir`; `io` takes each console line as the run prints it. */
async function runStub(dir: string, io: Partial<RoleIo> & { lines: string[] }, more: { formats?: ('json' | 'markdown' | 'html')[]; baseline?: string; updateBaseline?: boolean } = {}): Promise<number> {
  flakyRuns = 0;
  const { lines, ...rest } = io;
  const options = { targets: [{ args: [], ...(more.baseline !== undefined ? { baseline: more.baseline } : {}) }], run: [], skip: [], reportDir: dir, formats: more.formats ?? ['json', 'markdown'], color: false, ...(more.updateBaseline ? { updateBaseline: true } : {}) };
  return runRole(STUB_DRIVER, options, { out: { write: (t: string) => lines.push(t) }, signal: new AbortController().signal, ...rest });
}

describe('an interrupt after the last case', () => {
  // The console's lines are the observed points: the interrupt comes as one of them is printed.
  for (const [when, point] of [
    ['as the cases: line is printed', /^cases: /],
    ['once the reports are written, before the summary line', /^report: /],
  ] as const) {
    test(`${when}: the summary line, every report and the exit code say interrupted`, () =>
      withDir(
        async ({ path: dir }) => {
          const lines: string[] = [];
          const controller = new AbortController();
          let settled = 0;
          const out = { write: (t: string) => (lines.push(t), point.test(t) && controller.abort(new Error('interrupted by SIGINT'))) };
          flakyRuns = 0;
          const code = await runRole(STUB_DRIVER, { targets: [{ args: [] }], run: [], skip: [], reportDir: dir, formats: ['json', 'markdown'], color: false }, { out, signal: controller.signal, settled: () => settled++ });
          expect(controller.signal.aborted).toBe(true);
          expect(code).toBe(EXIT.INTERRUPTED);
          expect(lines.at(-1)).toBe('interrupted: 1 passed, 2 failed (2 harness errors), 0 interrupted, 0 did not run');
          expect(settled).toBe(1);
          const doc = JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8'));
          expect(doc.interrupted).toEqual({ notRun: 0 });
          expect(doc.runs[0].interrupted).toEqual({ notRun: [] });
          expect(readFileSync(path.join(dir, 'summary.md'), 'utf8')).toContain('**The run was interrupted**');
        },
        { unsafeCleanup: true },
      ));
  }
});

describe('reports and baselines on a full disk', () => {
  test('reports into a reused folder: all land or the previous ones stay whole; the summary line is still printed, then exit 3', () =>
    withTmpfs({ size: '40k' }, async (disk) => {
      const previous = { 'results.json': '{"previous": true}\n', 'index.html': '<p>previous</p>\n' };
      for (const [file, text] of Object.entries(previous)) writeFileSync(path.join(disk, file), text);
      await fillLeavingOnePage(disk);
      const lines: string[] = [];
      const errors: string[] = [];
      // results.json fits in the page left; index.html does not.
      const code = await runStub(disk, { lines, err: { write: (t) => errors.push(t) } }, { formats: ['json', 'html'] });
      expect(code).toBe(EXIT.HARNESS_ERROR);
      expect(errors).toEqual([expect.stringMatching(/^proxy-conformance: the reports could not be written to .* \(ENOSPC: no space left on device, write\); any already there are as they were$/)]);
      expect(lines.at(-1)).toBe('1 passed, 2 failed (2 harness errors)');
      for (const [file, text] of Object.entries(previous)) expect(readFileSync(path.join(disk, file), 'utf8')).toBe(text);
      expect(readdirSync(disk).filter((name) => !name.startsWith('.filler-')).sort()).toEqual(['index.html', 'results.json']);
    }));

  test('--update-baseline: the baseline is left as it was, said in one sentence, and the run is exit 3 with its summary line', () =>
    withTmpfs({ size: '40k' }, async (disk) => {
      const baseline = path.join(disk, 'baseline.json');
      // A record the run keeps (its case is not in the suite) makes the new file larger than the page left.
      const text = `${JSON.stringify({ implementation: 'stub', protocol: '0.2.8', cases: { 'stub/elsewhere': { status: 'fail', reason: 'r'.repeat(5000) } } })}\n`;
      writeFileSync(baseline, text);
      await fillLeavingOnePage(disk);
      const lines: string[] = [];
      const errors: string[] = [];
      const code = await runStub(disk, { lines, err: { write: (t) => errors.push(t) } }, { formats: ['json'], baseline, updateBaseline: true });
      expect(errors.some((t) => /^proxy-conformance: the baseline could not be written to .*baseline\.json \(ENOSPC: .*\); it is as it was$/.test(t))).toBe(true);
      expect(lines.join('\n')).not.toMatch(/baseline written/);
      expect(lines.at(-1)).toBe('1 passed, 2 failed (2 harness errors)');
      expect(code).toBe(EXIT.HARNESS_ERROR);
      expect(readFileSync(baseline, 'utf8')).toBe(text);
    }));
});
