import { describe, expect, test } from 'vitest';
import { sampleInterruptedReport, sampleReport } from '../test-support/sample-report.js';
import { colorWanted, ConsoleReporter, formatSummary, type ConsoleOut } from './console.js';

function capture(isTTY = false): ConsoleOut & { lines: string[]; raw: string[] } {
  const lines: string[] = [];
  const raw: string[] = [];
  return { lines, raw, isTTY, write: (s) => lines.push(s), writeRaw: (s) => raw.push(s) };
}

describe('the summary line', () => {
  test('counts hangs, crashes and baseline-expected failures among the failed, n/a apart', () => {
    const run = sampleReport().runs[0]!;
    expect(formatSummary(run.cases)).toBe('2 passed, 4 failed (1 hung, 1 crashed, 2 expected by the baseline, 1 flaky), 1 not applicable');
  });

  test('is the bare `N passed, N failed` when nothing else happened', () => {
    const run = sampleReport().runs[0]!;
    expect(formatSummary(run.cases.filter((c) => c.verdict.status === 'pass'))).toBe('2 passed, 0 failed');
  });
});

describe('the console reporter', () => {
  test('groups results by method with counts, and keeps the summary line last', () => {
    const out = capture();
    const reporter = new ConsoleReporter(out, { color: false });
    const run = sampleReport().runs[0]!;
    reporter.implementationStarted('implementation: skopeo', run.cases.length);
    reporter.implementationFinished(run);
    reporter.summary(formatSummary(run.cases), false);
    const text = out.lines.join('\n');
    expect(text).toMatch(/^── getblob {2}2 cases: 1 passed, 1 failed$/m);
    expect(text).toMatch(/^pass {2}lifecycle\/initialize-semver /m);
    expect(text).toMatch(/^CRASH {2}finishpipe\/no-args .*\[expected: baseline\]\n {6}implementation exited/m);
    expect(text).toMatch(/^REGRESSION {2}manifest\/should-media-type/m);
    expect(out.lines.at(-1)).toBe(formatSummary(run.cases));
    expect(text).not.toContain('\u001b[');
  });

  test('closes with a recap of what did not pass and the wall time from set-up on, above the summary line', () => {
    const out = capture();
    let now = 0;
    const reporter = new ConsoleReporter(out, { color: false, now: () => now });
    now = 4000; // fixtures and the registry before the first case
    const run = sampleReport().runs[0]!;
    reporter.implementationStarted('implementation: skopeo', run.cases.length);
    reporter.implementationFinished(run);
    now = 10_500;
    reporter.summary(formatSummary(run.cases), false);
    const failing = run.cases.filter((c) => !['pass', 'not-applicable'].includes(c.verdict.status));
    const recap = out.lines.indexOf(`did not pass (${failing.length}):`);
    expect(recap).toBeGreaterThan(0);
    expect(out.lines.slice(recap + 1, recap + 1 + failing.length).map((l) => l.trim().split(/\s+/)[1])).toEqual(failing.map((c) => c.id));
    expect(out.lines).toContain('  CRASH  finishpipe/no-args  MUST  [expected: baseline]');
    expect(out.lines.at(-2)).toBe('wall time: 10.5 s (set-up, cases and reports)');
  });

  test("a baseline file's text (its implementation, the ids it names) reaches the console escaped, never as terminal control", () => {
    const out = capture();
    const reporter = new ConsoleReporter(out, { color: false });
    const run = structuredClone(sampleReport().runs[0]!);
    run.baseline = { ...run.baseline!, implementation: 'mine\u001b]0;owned\u0007\u001b[2J\r', unknown: ['no/such\u001b[31m'] };
    reporter.implementationStarted('implementation: skopeo', run.cases.length);
    reporter.implementationFinished(run);
    const text = out.lines.join('\n');
    expect(text).toContain('baseline mine\\x1b]0;owned\\x07\\x1b[2J\\x0d: 2 recorded outcomes matched');
    expect(text).toContain('UNKNOWN     no/such\\x1b[31m: the baseline names a case the suite does not have');
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
  });

  test('--quiet prints only what did not pass, the baseline lines and the summary', () => {
    const out = capture();
    const reporter = new ConsoleReporter(out, { color: false, quiet: true });
    const run = sampleReport().runs[0]!;
    reporter.implementationStarted('implementation: skopeo', run.cases.length);
    reporter.implementationFinished(run);
    const text = out.lines.join('\n');
    expect(text).not.toMatch(/^pass /m);
    expect(text).not.toContain('implementation: skopeo');
    expect(text).not.toMatch(/^── lifecycle/m);
    expect(text).toMatch(/^FAIL {2}getblob\/bad-digest/m);
  });

  test('on a terminal, a progress line names the count and the running case, and is cleared before results', () => {
    const out = capture(true);
    const reporter = new ConsoleReporter(out, { color: false });
    const run = sampleReport().runs[0]!;
    reporter.implementationStarted('implementation: skopeo', 7);
    reporter.caseStarted('getblob/bad-digest');
    expect(out.raw.at(-1)).toBe('\r\u001b[K0/7 cases; running getblob/bad-digest');
    reporter.caseFinished(run.cases[2]!, true);
    expect(out.raw.at(-1)).toBe('\r\u001b[K1/7 cases, 1 not passing');
    reporter.summary('x', true);
    expect(out.raw.at(-1)).toBe('\r\u001b[K');
  });

  test('without a terminal, progress is a plain line at most every interval', () => {
    const out = capture(false);
    let now = 0;
    const reporter = new ConsoleReporter(out, { color: false, progressEveryMs: 1000, now: () => now });
    const run = sampleReport().runs[0]!;
    reporter.implementationStarted('h', 7);
    reporter.caseFinished(run.cases[0]!, true);
    now = 1500;
    reporter.caseFinished(run.cases[1]!, true);
    reporter.caseFinished(run.cases[2]!, true);
    expect(out.lines.filter((l) => l.startsWith('…'))).toEqual(['… 2/7 cases']);
    expect(out.raw).toEqual([]);
  });

  test('colour follows the terminal, NO_COLOR and FORCE_COLOR', () => {
    expect(colorWanted(true, {})).toBe(true);
    expect(colorWanted(false, {})).toBe(false);
    expect(colorWanted(true, { NO_COLOR: '1' })).toBe(false);
    expect(colorWanted(false, { FORCE_COLOR: '1' })).toBe(true);
    const out = capture(true);
    const reporter = new ConsoleReporter(out, { color: true });
    reporter.summary('1 passed, 1 failed', false);
    expect(out.lines.at(-1)).toContain('\u001b[31m');
  });
});

describe('the summary line of an interrupted run', () => {
  test('says so first, and ends with the cases cut short and those that never started', () => {
    const run = sampleInterruptedReport().runs[0]!;
    expect(formatSummary(run.cases, 190)).toBe('interrupted: 1 passed, 4 failed (1 hung, 1 crashed, 2 expected by the baseline, 1 flaky), 1 not applicable, 1 interrupted, 190 did not run');
    expect(formatSummary(run.cases.filter((c) => c.verdict.status === 'pass'), 0)).toBe('interrupted: 1 passed, 0 failed, 0 interrupted, 0 did not run');
  });

  test('lists an interrupted case with what it waited for, and does not count it as not passing', () => {
    const out = capture(true);
    const reporter = new ConsoleReporter(out, { color: false });
    const run = sampleInterruptedReport().runs[0]!;
    reporter.implementationStarted('implementation: skopeo', run.cases.length);
    reporter.caseFinished(run.cases[1]!, true);
    expect(out.raw.at(-1)).toBe(`\r\u001b[K1/${run.cases.length} cases`);
    reporter.implementationFinished(run);
    const text = out.lines.join('\n');
    expect(text).toMatch(/^── getblob {2}2 cases: 0 passed, 1 failed, 1 interrupted$/m);
    expect(text).toMatch(/^INTERRUPTED {2}getblob\/layers {2}\(13 ms\)\n {6}the run was interrupted while the case waited for reply to GetBlob$/m);
  });
});
