import { describe, expect, it } from 'vitest';
import { BenchProgress, countingStep, firstLine, type ProgressClock } from './progress.js';

/** A clock the test moves by hand: timers fire when `advance` passes their time. */
function manualClock(): ProgressClock & { advance(ms: number): void } {
  let now = 0;
  let timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let next = 1;
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = next++;
      timers.push({ at: now + ms, fn, id });
      return { id } as { unref?(): unknown };
    },
    clearTimeout(handle) {
      timers = timers.filter((t) => t.id !== (handle as { id: number }).id);
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
        if (due === undefined) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.fn();
      }
      now = until;
    },
  };
}

function setup() {
  const lines: string[] = [];
  const clock = manualClock();
  const progress = new BenchProgress(3, { write: (l) => lines.push(l), clock, minGapMs: 5_000, quietMs: 10_000 });
  return { lines, clock, progress };
}

describe('BenchProgress', () => {
  it('prints a numbered line as each measurement starts and ends, with its figure', async () => {
    const { lines, clock, progress } = setup();
    const value = await progress.measure('the pipe ceiling', async () => {
      clock.advance(2_500);
      return 7;
    }, (v) => `${v} MB/s`);
    await progress.measure('the suite', async () => 'x');
    expect(value).toBe(7);
    expect(lines).toEqual(['bench [1/3] start: the pipe ceiling', 'bench [1/3] done: the pipe ceiling in 2.5 s (7 MB/s)', 'bench [2/3] start: the suite', 'bench [2/3] done: the suite in 0.0 s']);
  });

  it('prints completed steps at most once per gap, and a phase change always', async () => {
    const { lines, clock, progress } = setup();
    await progress.measure('rounds', async (step) => {
      clock.advance(1_000);
      step('round 1/3 done'); // 1 s after the start line: held back
      clock.advance(5_000);
      step('round 2/3 done'); // 6 s: printed
      clock.advance(1_000);
      step('registry listening', true); // a phase: printed at once
    });
    expect(lines.slice(1, -1)).toEqual(['bench [1/3] round 2/3 done', 'bench [1/3] registry listening']);
  });

  it('after a quiet spell, says the measurement is still running and what it last completed, claiming nothing new', async () => {
    const { lines, clock, progress } = setup();
    await progress.measure('mutation-score', async (step) => {
      clock.advance(10_000);
      step('1/69 faults scored'); // just after the heartbeat: held back, named by the next one
      clock.advance(25_000);
    });
    expect(lines).toEqual([
      'bench [1/3] start: mutation-score',
      'bench [1/3] still running, 10 s in (nothing completed yet)',
      'bench [1/3] still running, 20 s in (latest: 1/69 faults scored)',
      'bench [1/3] still running, 30 s in (last: 1/69 faults scored)',
      'bench [1/3] done: mutation-score in 35.0 s',
    ]);
  });

  it('says when a measurement failed, and stops its heartbeat', async () => {
    const { lines, clock, progress } = setup();
    await expect(progress.measure('fuzz', async () => {
      clock.advance(3_000);
      throw new Error('no skopeo');
    })).rejects.toThrow('no skopeo');
    clock.advance(60_000);
    expect(lines).toEqual(['bench [1/3] start: fuzz', 'bench [1/3] failed: fuzz after 3 s']);
  });
});

describe('countingStep and firstLine', () => {
  it('counts results as they come', () => {
    const seen: string[] = [];
    const count = countingStep((t) => seen.push(t), 263, 'cases done');
    count();
    count();
    expect(seen).toEqual(['1/263 cases done', '2/263 cases done']);
    expect(() => countingStep(undefined, 1, 'x')()).not.toThrow();
  });

  it('keeps the first line of a long text, shortened', () => {
    expect(firstLine('FAIL x\n  because')).toBe('FAIL x');
    expect(firstLine('a'.repeat(200), 10)).toBe(`${'a'.repeat(9)}…`);
  });
});
