import { afterEach, describe, expect, test, vi } from 'vitest';
import type { CaseDefinition } from '../model/case.js';
import { VerdictSignal, type Verdict } from '../verdicts/verdict.js';
import type { Role } from './role.js';
import { runCase } from './run-case.js';
import { runCases } from './run-cases.js';
import { expectedToWait } from './expected-waits.js';
import type { Baseline } from '../verdicts/baseline.js';

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

describe('a case whose harness part failed meanwhile', () => {
  test('is a harness error that says so when it did not pass, and keeps a pass', async () => {
    const role = { ...makeLogRole(), harnessFault: () => "the run's registry died" };
    const failed = await runCase(makeCase('c/fails', async () => { throw new VerdictSignal({ status: 'fail', message: 'pinging container registry: EOF' }); }), role, running);
    expect(failed.verdict).toEqual({ status: 'harness-error', code: 'PC_FIXTURE_FAILED', message: "the run's registry died; the case's own verdict would have been: fail" });
    expect((await runCase(makeCase('c/passes', async () => {}), role, running)).verdict).toEqual({ status: 'pass' });
  });
});

describe('a case the run\'s interrupt cuts short', () => {
  /** Waits like a request does: the interrupt ends the wait, and the case sees a hang. */
  const waitsForReply = (controller: AbortController) =>
    makeCase('x/waits', async () => {
      setTimeout(() => controller.abort(), 5);
      await new Promise((resolve) => controller.signal.addEventListener('abort', resolve));
      throw new VerdictSignal({ status: 'hang', message: 'no reply to GetBlob within 5000 ms', pending: 'reply to GetBlob', waitedMs: 5000 });
    });

  test('is interrupted, naming what it waited for and how long it ran, and its session still ends', async () => {
    const controller = new AbortController();
    const role = makeLogRole();
    const result = await runCase(waitsForReply(controller), role, controller.signal);
    expect(result.verdict).toMatchObject({ status: 'interrupted', pending: 'reply to GetBlob', message: 'the run was interrupted while the case waited for reply to GetBlob' });
    expect(result.verdict.status === 'interrupted' && result.verdict.ranMs).toBeGreaterThan(0);
    expect(role.ended).toEqual(['x/waits']);
  });

  test('is interrupted even when it ended as a pass: an aborted wait can look like the silence a case expects', async () => {
    const controller = new AbortController();
    const quiet = makeCase('x/expects-silence', async () => {
      controller.abort();
    });
    expect((await runCase(quiet, makeLogRole(), controller.signal)).verdict).toMatchObject({ status: 'interrupted', pending: 'the end of the case' });
  });

  test('keeps its verdict when the interrupt comes only while its session ends', async () => {
    const controller = new AbortController();
    const role = makeLogRole();
    const ending: Role<LogContext> = {
      ...role,
      async startSession(c, signal) {
        const session = await role.startSession(c, signal);
        return { ...session, end: () => (controller.abort(), session.end()) };
      },
    };
    expect((await runCase(makeCase('x/ok', async () => {}), ending, controller.signal)).verdict).toEqual({ status: 'pass' });
  });
});

/** A promise the test settles itself: a case waits on it until the test opens it. */
function gate(): { open: () => void; wait: () => Promise<void> } {
  let open = (): void => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open: () => open(), wait: () => opened };
}

describe('runCases', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test('returns results in the given order whatever order they finish in', async () => {
    const role = makeLogRole();
    const gates = [gate(), gate(), gate()];
    const cases = gates.map((g, i) => makeCase(`x/${i}`, () => g.wait()));
    const finished: string[] = [];
    // Each case is let go once the one before it in the finishing order has been reported.
    const order = [1, 2, 0];
    const run = runCases(cases, (c) => runCase(c, role, running), {
      signal: running,
      jobs: 3,
      onResult: (r) => {
        finished.push(r.id);
        gates[order[finished.length] as number]?.open();
      },
    });
    gates[order[0] as number]!.open();
    const done = await run;
    expect(done.results.map((r) => r.id)).toEqual(['x/0', 'x/1', 'x/2']);
    expect(finished).toEqual(['x/1', 'x/2', 'x/0']);
    expect(done.notRun).toEqual([]);
  });

  test('starts the cases expected to wait first, in their order, and still returns results in suite order', async () => {
    const role = makeLogRole();
    const started: string[] = [];
    const cases = ['x/0', 'x/1', 'x/2', 'x/3'].map((id) => makeCase(id, async () => {}));
    const run = await runCases(cases, (c) => runCase(c, role, running), { signal: running, jobs: 1, startFirst: (c) => c.id === 'x/1' || c.id === 'x/3', onStart: (c) => started.push(c.id) });
    expect(started).toEqual(['x/1', 'x/3', 'x/0', 'x/2']);
    expect(run.results.map((r) => r.id)).toEqual(['x/0', 'x/1', 'x/2', 'x/3']);
  });

  test('expects a wait of a case tagged hang, or one its baseline records as a hang, and of no other', () => {
    const tagged = { ...makeCase('x/tagged', async () => {}), tags: ['hang'] };
    const recorded = makeCase('x/recorded', async () => {});
    const failing = makeCase('x/failing', async () => {});
    const baseline = { cases: { 'x/recorded': { status: 'hang' as const, reason: 'deadlock' }, 'x/failing': { status: 'fail' as const, reason: 'wording' } } } as unknown as Baseline;
    expect([tagged, recorded, failing].map((c) => expectedToWait(c, baseline.cases[c.id]?.status))).toEqual([true, true, false]);
    expect(expectedToWait(recorded, undefined)).toBe(false);
  });

  test('stops starting cases at the interrupt and names those never started', async () => {
    const controller = new AbortController();
    const role = makeLogRole();
    const cases = ['x/0', 'x/1', 'x/2', 'x/3'].map((id) => makeCase(id, async () => {
      if (id === 'x/1') controller.abort();
    }));
    const run = await runCases(cases, (c) => runCase(c, role, controller.signal), { signal: controller.signal, jobs: 1 });
    expect(run.results.map((r) => [r.id, r.verdict.status])).toEqual([['x/0', 'pass'], ['x/1', 'interrupted']]);
    expect(run.notRun).toEqual(['x/2', 'x/3']);
  });

  // The scheduler's own clock is faked: the cases wait on gates the test opens, so what is checked
  // is which case starts after which event, never how long anything took.
  test('a case still running after waiting.afterMs gives its slot to the next, up to waiting.most at once', async () => {
    vi.useFakeTimers();
    const role = makeLogRole();
    const [a, b] = [gate(), gate()];
    const cases = [makeCase('x/wait-a', () => a.wait()), makeCase('x/wait-b', () => b.wait()), makeCase('x/c', async () => {}), makeCase('x/d', async () => {})];
    const started: string[] = [];
    const finished: string[] = [];
    const run = runCases(cases, (c) => runCase(c, role, running), { signal: running, jobs: 1, waiting: { afterMs: 50, most: 1 }, onStart: (c) => started.push(c.id), onResult: (r) => finished.push(r.id) });
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual(['x/wait-a']);
    // wait-a gives up its slot; wait-b takes it and keeps it past its own afterMs (one waiting case at most).
    await vi.advanceTimersByTimeAsync(50);
    expect(started).toEqual(['x/wait-a', 'x/wait-b']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(started).toEqual(['x/wait-a', 'x/wait-b']);
    a.open();
    await vi.advanceTimersByTimeAsync(0);
    expect(finished).toEqual(['x/wait-a']);
    expect(started).toEqual(['x/wait-a', 'x/wait-b']);
    b.open();
    const done = await run;
    expect(finished).toEqual(['x/wait-a', 'x/wait-b', 'x/c', 'x/d']);
    expect(done.results.map((r) => r.id)).toEqual(['x/wait-a', 'x/wait-b', 'x/c', 'x/d']);
  });

  test('without waiting, a waiting case keeps its slot however long it runs', async () => {
    vi.useFakeTimers();
    const role = makeLogRole();
    const wait = gate();
    const started: string[] = [];
    const run = runCases([makeCase('y/wait', () => wait.wait()), makeCase('y/c', async () => {})], (c) => runCase(c, role, running), { signal: running, jobs: 1, onStart: (c) => started.push(c.id) });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(started).toEqual(['y/wait']);
    wait.open();
    await run;
    expect(started).toEqual(['y/wait', 'y/c']);
  });
});
