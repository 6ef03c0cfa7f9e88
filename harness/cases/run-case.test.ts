import { describe, expect, test } from 'vitest';
import type { CaseDefinition } from '../model/case.js';
import { VerdictSignal, type Verdict } from '../verdicts/verdict.js';
import type { Role } from './role.js';
import { runCase } from './run-case.js';
import { runCases } from './run-cases.js';

/** A role with no process at all: its context is a log the case writes to. */
interface LogContext {
  log: string[];
}

function makeCase(id: string, run: (ctx: LogContext) => Promise<void>): CaseDefinition<LogContext> {
  return { id, title: id, why: 'test', level: 'MUST', since: '0.2.1', reference: 'test', tags: [], run };
}

function makeLogRole(options: { skip?: Verdict; afterRun?: Verdict } = {}): Role<LogContext> & { ended: string[] } {
  const ended: string[] = [];
  return {
    ended,
    verdictWithoutSession: () => options.skip ?? null,
    async startSession(c) {
      const context: LogContext = { log: [`started ${c.id}`] };
      return {
        context,
        verdictAfterRun: () => options.afterRun ?? null,
        async end() {
          ended.push(c.id);
          return { transcript: context.log.map((text, i) => ({ t: i, event: 'note' as const, text })), stderrTail: 'tail' };
        },
      };
    },
  };
}

const running = new AbortController().signal;

describe('runCase with a role of its own', () => {
  test('gives the case its role\'s context and reports the session\'s evidence after ending it', async () => {
    const role = makeLogRole();
    const result = await runCase(makeCase('x/ok', async (ctx) => void ctx.log.push('ran')), role, running);
    expect(result.verdict).toEqual({ status: 'pass' });
    expect(result.transcript.map((e) => (e.event === 'note' ? e.text : ''))).toEqual(['started x/ok', 'ran']);
    expect(result.stderrTail).toBe('tail');
    expect(role.ended).toEqual(['x/ok']);
  });

  test('turns a thrown verdict, a thrown error and the session\'s own verdict into the case\'s verdict, ending the session each time', async () => {
    const fail: Verdict = { status: 'fail', message: 'no' };
    const role = makeLogRole();
    expect((await runCase(makeCase('x/fail', async () => { throw new VerdictSignal(fail); }), role, running)).verdict).toEqual(fail);
    expect((await runCase(makeCase('x/bug', async () => { throw new Error('bug'); }), role, running)).verdict).toEqual({ status: 'harness-error', message: 'bug', code: 'PC_INTERNAL' });
    const crash: Verdict = { status: 'crash', message: 'gone', exit: { code: 2, signal: null }, stderrTail: '' };
    expect((await runCase(makeCase('x/crash', async () => {}), makeLogRole({ afterRun: crash }), running)).verdict).toEqual(crash);
    expect(role.ended).toEqual(['x/fail', 'x/bug']);
  });

  test('starts no session for a case its role settles beforehand', async () => {
    const skip: Verdict = { status: 'not-applicable', reason: 'later protocol' };
    const role = makeLogRole({ skip });
    const result = await runCase(makeCase('x/na', async () => { throw new Error('must not run'); }), role, running);
    expect(result).toMatchObject({ verdict: skip, durationMs: 0, transcript: [] });
    expect(role.ended).toEqual([]);
  });
});

describe('runCases', () => {
  test('returns results in the given order whatever order they finish in', async () => {
    const role = makeLogRole();
    const cases = [30, 0, 10].map((ms, i) => makeCase(`x/${i}`, () => new Promise((r) => setTimeout(r, ms))));
    const finished: string[] = [];
    const run = await runCases(cases, (c) => runCase(c, role, running), { signal: running, jobs: 3, onResult: (r) => finished.push(r.id) });
    expect(run.results.map((r) => r.id)).toEqual(['x/0', 'x/1', 'x/2']);
    expect(finished).toEqual(['x/1', 'x/2', 'x/0']);
    expect(run.notRun).toEqual([]);
  });
});
