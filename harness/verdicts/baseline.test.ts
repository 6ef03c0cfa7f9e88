import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TranscriptEvent } from '../protocol/transcript.js';
import { loadSpecs } from '../specs/index.js';
import { REPO_ROOT } from '../test-support/paths.js';
import { scratchDir } from '../test-support/scratch-dir.js';
import { compareToBaseline, failingErrorCode, makeBaseline, readBaseline, type Baseline, type BaselineEntry } from './baseline.js';
import type { CaseResult } from './result.js';
import type { Verdict } from './verdict.js';

const EXPECTED_DIR = path.join(REPO_ROOT, 'specs', 'expected');
const temp = scratchDir('baseline-test');

function recv(text: string, truncated = false): TranscriptEvent {
  return { t: 1, event: 'recv', len: text.length, text, fds: [], truncated };
}

function reply(errorCode: string, error = 'failed'): TranscriptEvent {
  return recv(JSON.stringify({ success: errorCode === '', value: null, pipeid: 0, error_code: errorCode, error: errorCode === '' ? '' : error }));
}

function result(id: string, verdict: Verdict, transcript: TranscriptEvent[] = []): CaseResult {
  return { id, title: id, level: 'MUST', tags: [], verdict, durationMs: 1, transcript, stderrTail: '' };
}

const fail = (message: string): Verdict => ({ status: 'fail', message });
const crash: Verdict = { status: 'crash', message: 'exited', exit: { code: 2, signal: null }, stderrTail: '' };
const pass: Verdict = { status: 'pass' };

function baselineOf(cases: Record<string, BaselineEntry>): Baseline {
  return { implementation: 'test', protocol: '0.2.8', cases };
}

function writeBaseline(name: string, json: unknown): string {
  const file = path.join(temp, name);
  writeFileSync(file, JSON.stringify(json));
  return file;
}

const SUITE = new Set(['getblob/a', 'getblob/b', 'getblob/c', 'finishpipe/d']);

describe('recorded baselines', () => {
  const files = readdirSync(EXPECTED_DIR).filter((f) => f.endsWith('.json'));

  it.each(files)('specs/expected/%s is valid and names only known deviations', (name) => {
    const baseline = readBaseline(path.join(EXPECTED_DIR, name));
    for (const [id, entry] of Object.entries(baseline.cases)) {
      if (entry.deviation !== undefined) expect(loadSpecs().deviationById(entry.deviation), `${id}: ${entry.deviation}`).toBeDefined();
    }
  });
});

describe('reading a baseline', () => {
  it('accepts pins and a flaky entry without a status', () => {
    const file = writeBaseline('pins.json', baselineOf({
      'getblob/a': { status: 'fail', reason: 'r', errorCode: 'ErrorCodeNotFound', messagePattern: '^GetBlob .* error$' },
      'getblob/b': { flaky: true, reason: 'depends on the pipe buffer' },
    }));
    expect(readBaseline(file).cases['getblob/b']).toEqual({ flaky: true, reason: 'depends on the pipe buffer' });
  });

  it('refuses an entry with neither a status nor a flaky mark', () => {
    const file = writeBaseline('no-status.json', baselineOf({ 'getblob/a': { reason: 'r', flaky: false } as unknown as BaselineEntry }));
    expect(() => readBaseline(file)).toThrow(expect.objectContaining({ code: 'PC_BASELINE', message: expect.stringContaining("must have required property 'status'") }));
  });

  it('refuses a message pattern that is not a regular expression, naming the case', () => {
    const file = writeBaseline('bad-regex.json', baselineOf({ 'getblob/a': { status: 'fail', reason: 'r', messagePattern: 'GetBlob (' } }));
    expect(() => readBaseline(file)).toThrow(expect.objectContaining({ code: 'PC_BASELINE', message: expect.stringMatching(/getblob\/a: messagePattern "GetBlob \(" is not a regular expression/) }));
  });
});

describe('failingErrorCode', () => {
  it('takes the last reply with a non-empty error_code, skipping successes, cut text and non-JSON', () => {
    const transcript = [reply('ErrorCodeNotFound'), reply(''), reply('other'), recv('{"error_code":"EPIPE"'), recv('{"error_code":"EPIPE"}', true), reply('')];
    expect(failingErrorCode(transcript)).toBe('other');
  });

  it('is undefined for replies of protocols before 0.2.8, which have no error_code', () => {
    expect(failingErrorCode([recv('{"success":false,"value":null,"pipeid":0,"error":"no such image"}')])).toBeUndefined();
  });
});

describe('compareToBaseline', () => {
  it('sorts outcomes into regressions, stale records, expected failures and unknown ids', () => {
    const baseline = baselineOf({
      'getblob/a': { status: 'fail', reason: 'r' },
      'getblob/b': { status: 'fail', reason: 'r' },
      'getblob/c': { status: 'fail', reason: 'r' },
      'gone/case': { status: 'fail', reason: 'r' },
    });
    const c = compareToBaseline([result('getblob/a', fail('x')), result('getblob/b', pass), result('getblob/c', crash), result('finishpipe/d', fail('new'))], baseline, SUITE);
    expect(c.expected).toEqual(['getblob/a']);
    expect(c.stale).toEqual([{ id: 'getblob/b', expected: 'fail', got: 'pass' }]);
    expect(c.regressions).toEqual([
      { id: 'getblob/c', expected: 'fail', got: 'crash', message: 'exited' },
      { id: 'finishpipe/d', expected: 'pass', got: 'fail', message: 'new' },
    ]);
    expect(c.unknown).toEqual(['gone/case']);
  });

  it('holds a case pinned to an error_code to that code: the same code is expected', () => {
    const baseline = baselineOf({ 'getblob/a': { status: 'fail', reason: 'r', errorCode: 'ErrorCodeNotFound' } });
    const c = compareToBaseline([result('getblob/a', fail('GetBlob error'), [reply('ErrorCodeNotFound'), reply('')])], baseline, SUITE);
    expect(c).toMatchObject({ expected: ['getblob/a'], regressions: [] });
  });

  it('reports a pinned case failing with another error_code as a regression (mutant: the code changes)', () => {
    const baseline = baselineOf({ 'getblob/a': { status: 'fail', reason: 'r', errorCode: 'ErrorCodeNotFound' } });
    const c = compareToBaseline([result('getblob/a', fail('GetBlob error'), [reply('other')])], baseline, SUITE);
    expect(c.expected).toEqual([]);
    expect(c.regressions).toEqual([
      { id: 'getblob/a', expected: 'fail', got: 'fail', message: 'fails differently: expected error_code ErrorCodeNotFound, got other (GetBlob error)' },
    ]);
  });

  it('reports a pinned case whose failing reply has no error_code at all as a regression', () => {
    const baseline = baselineOf({ 'getblob/a': { status: 'fail', reason: 'r', errorCode: 'EPIPE' } });
    const c = compareToBaseline([result('getblob/a', fail('m'), [reply('')])], baseline, SUITE);
    expect(c.regressions[0]?.message).toBe('fails differently: expected error_code EPIPE, got none (m)');
  });

  it('holds a case to its message pattern: a match is expected, another message is a regression', () => {
    const baseline = baselineOf({ 'getblob/a': { status: 'fail', reason: 'r', messagePattern: 'digest mismatch' } });
    expect(compareToBaseline([result('getblob/a', fail('blob: digest mismatch'))], baseline, SUITE).expected).toEqual(['getblob/a']);
    const c = compareToBaseline([result('getblob/a', fail('short read'))], baseline, SUITE);
    expect(c.regressions).toEqual([{ id: 'getblob/a', expected: 'fail', got: 'fail', message: 'fails differently: message does not match /digest mismatch/ (short read)' }]);
  });

  it('never counts a flaky case as a regression or stale, whatever it does', () => {
    const baseline = baselineOf({
      'getblob/a': { flaky: true, reason: 'r' },
      'getblob/b': { flaky: true, status: 'hang', reason: 'r' },
      'getblob/c': { flaky: true, status: 'fail', reason: 'r', errorCode: 'EPIPE' },
    });
    const c = compareToBaseline([result('getblob/a', crash), result('getblob/b', pass), result('getblob/c', fail('m'), [reply('other')])], baseline, SUITE);
    expect(c).toEqual({ regressions: [], stale: [], unknown: [], expected: [], flaky: ['getblob/a', 'getblob/b', 'getblob/c'] });
  });
});

describe('an interrupted case against a baseline', () => {
  const interrupted: Verdict = { status: 'interrupted', message: 'the run was interrupted while the case waited for reply to GetBlob', pending: 'reply to GetBlob', ranMs: 5 };

  it('is neither a regression nor stale, with or without a record', () => {
    const baseline = baselineOf({ 'getblob/a': { status: 'fail', reason: 'r' }, 'getblob/b': { flaky: true, reason: 'r' } });
    const c = compareToBaseline([result('getblob/a', interrupted), result('getblob/b', interrupted), result('getblob/c', interrupted)], baseline, SUITE);
    expect(c).toEqual({ regressions: [], stale: [], unknown: [], expected: [], flaky: [] });
  });

  it('keeps its record when the baseline is written again, and adds none', () => {
    const previous = baselineOf({ 'getblob/a': { status: 'hang', reason: 'kept' } });
    const made = makeBaseline([result('getblob/a', interrupted), result('getblob/c', interrupted)], 'impl', '0.2.8', previous);
    expect(made.cases).toEqual(previous.cases);
  });
});

describe('makeBaseline', () => {
  const previous = baselineOf({
    'getblob/a': { status: 'fail', reason: 'kept reason', deviation: 'blob-fd-leak', errorCode: 'other', messagePattern: '^GetBlob' },
    'getblob/b': { status: 'fail', reason: 'old reason' },
    'getblob/c': { flaky: true, status: 'hang', reason: 'flaky reason' },
    'finishpipe/d': { status: 'crash', reason: 'not run this time' },
  });

  it('keeps the reason, deviation and pins of an unchanged outcome', () => {
    const made = makeBaseline([result('getblob/a', fail('GetBlob failed'), [reply('other')])], 'impl', '0.2.8', previous);
    expect(made.cases['getblob/a']).toEqual(previous.cases['getblob/a']);
  });

  it('drops a pin the run no longer meets, keeping the rest of the entry', () => {
    const made = makeBaseline([result('getblob/a', fail('GetBlob failed'), [reply('EPIPE')])], 'impl', '0.2.8', previous);
    expect(made.cases['getblob/a']).toEqual({ status: 'fail', reason: 'kept reason', deviation: 'blob-fd-leak', messagePattern: '^GetBlob' });
  });

  it('records a changed or new outcome with a TODO reason and no pins, even when the reply has an error_code', () => {
    const made = makeBaseline([result('getblob/b', crash, [reply('other')]), result('getblob/new', fail('m'), [reply('other')])], 'impl', '0.2.8', previous);
    expect(made.cases['getblob/b']).toEqual({ status: 'crash', reason: 'TODO: explain (exited)' });
    expect(made.cases['getblob/new']).toEqual({ status: 'fail', reason: 'TODO: explain (m)' });
  });

  it('keeps a flaky entry when the case passed this time, and drops a passing non-flaky record', () => {
    const made = makeBaseline([result('getblob/b', pass), result('getblob/c', pass)], 'impl', '0.2.8', previous);
    expect(made.cases['getblob/c']).toEqual({ flaky: true, status: 'hang', reason: 'flaky reason' });
    expect(made.cases['getblob/b']).toBeUndefined();
  });

  it('keeps the records of cases the run did not report', () => {
    const made = makeBaseline([], 'impl', '0.2.8', previous);
    expect(made.cases).toEqual(previous.cases);
  });

  it('seeds a case the environment made n/a (no registry) from the shipped record, as it seeds a flaky one', () => {
    const noRegistry: Verdict = { status: 'not-applicable', reason: 'needs a registry: the registry is turned off (--no-registry)', environment: true };
    const protocol: Verdict = { status: 'not-applicable', reason: 'needs protocol 0.2.8' };
    const shipped = baselineOf({
      'registry/stall': { status: 'hang', reason: 'no idle timeout', deviation: 'registry-stall-hangs', messagePattern: 'nothing moved' },
      'getblob/c': { flaky: true, reason: 'a race' },
      'getblob/a': { status: 'fail', reason: 'recorded only where it ran' },
    });
    const results = [result('registry/stall', noRegistry), result('getblob/c', pass), result('getblob/a', protocol)];
    const made = makeBaseline(results, 'impl', '0.2.8', undefined, { baseline: shipped });
    expect(made.cases).toEqual({ 'registry/stall': shipped.cases['registry/stall'], 'getblob/c': shipped.cases['getblob/c'] });
    // A record of the file's own wins over the shipped one.
    const own = baselineOf({ 'registry/stall': { status: 'fail', reason: 'ours' } });
    expect(makeBaseline(results, 'impl', '0.2.8', own, { baseline: shipped }).cases['registry/stall']).toEqual(own.cases['registry/stall']);
    expect(compareToBaseline(results, made, new Set(['registry/stall', 'getblob/c', 'getblob/a'])).regressions).toEqual([]);
  });

  it('names the $schema it is given, not the previous file\'s', () => {
    const made = makeBaseline([], 'impl', '0.2.8', { ...previous, $schema: '../baseline.schema.json' }, undefined, '../../specs/baseline.schema.json');
    expect(made.$schema).toBe('../../specs/baseline.schema.json');
  });

  it('writes a baseline that its own run matches', () => {
    const results = [result('getblob/a', fail('GetBlob failed'), [reply('EPIPE')]), result('getblob/b', crash), result('getblob/c', pass)];
    const made = makeBaseline(results, 'impl', '0.2.8', previous);
    const c = compareToBaseline(results, made, SUITE);
    expect(c.regressions).toEqual([]);
    expect(c.stale).toEqual([]);
    expect(loadSpecs().validateBaseline(made)).toEqual({ ok: true });
  });
});
