import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { verdictForWait } from '../verdicts/liveness.js';
import { makeIdleDeadline, SequentialIdleDeadlines } from './idle-deadline.js';
import { describeProgress, Progress } from './progress.js';

// Fake timers and a fake performance.now: the deadline's arithmetic, not the machine's speed.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

const running = new AbortController().signal;

describe('an idle deadline', () => {
  test('fires as stalled when nothing moved for idleMs', () => {
    const progress = new Progress();
    const d = makeIdleDeadline(running, { idleMs: 1000, allowanceMs: 10_000, progress });
    vi.advanceTimersByTime(999);
    expect(d.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(d.signal.aborted).toBe(true);
    expect(d.ended()).toMatchObject({ kind: 'stalled', idleMs: 1000, waitedMs: 1000 });
    d.clear();
  });

  test('restarts on progress, and a stall after progress says what moved before it', () => {
    const progress = new Progress();
    const d = makeIdleDeadline(running, { idleMs: 1000, allowanceMs: 10_000, progress });
    vi.advanceTimersByTime(900);
    progress.pipeBytes(32 * 1024);
    vi.advanceTimersByTime(900);
    expect(d.signal.aborted).toBe(false);
    vi.advanceTimersByTime(100);
    expect(d.signal.aborted).toBe(true);
    const end = d.ended();
    expect(end).toMatchObject({ kind: 'stalled', idleMs: 1000, waitedMs: 1900 });
    expect(verdictForWait({ what: 'no reply to FinishPipe', pending: 'reply to FinishPipe', timeoutMs: 1000, ...(end ? { end } : {}) })).toEqual({
      status: 'hang',
      message: 'no reply to FinishPipe: nothing moved for 1000 ms (before that, in 900 ms: 32.0 KiB through pipes)',
      pending: 'reply to FinishPipe',
      waitedMs: 1900,
    });
    d.clear();
  });

  test('ends as progressing at the allowance when progress never stopped, naming what moved', () => {
    const progress = new Progress();
    progress.upstreamRequest(null, false);
    const d = makeIdleDeadline(running, { idleMs: 1000, allowanceMs: 5000, progress });
    for (let t = 0; t < 5000; t += 500) {
      progress.upstreamRequest(`bytes=${t}-`, true);
      progress.pipeBytes(1024);
      vi.advanceTimersByTime(500);
    }
    expect(d.signal.aborted).toBe(true);
    const end = d.ended();
    expect(end).toMatchObject({ kind: 'progressing', allowanceMs: 5000, quietMs: 500 });
    expect(verdictForWait({ what: 'no reply to GetBlob', pending: 'reply to GetBlob', timeoutMs: 1000, ...(end ? { end } : {}) })).toEqual({
      status: 'fail',
      message:
        'no reply to GetBlob within the 5000 ms allowance, though it was still progressing: 10.0 KiB through pipes, 10 upstream requests (10 reconnects, last Range: bytes=4500-); the last movement was 500 ms before the end',
    });
    d.clear();
  });

  test('without progress to watch, is a fixed deadline; a parent abort is no deadline end', () => {
    const plain = makeIdleDeadline(running, { idleMs: 300, allowanceMs: 300 });
    vi.advanceTimersByTime(300);
    expect(plain.ended()).toMatchObject({ kind: 'stalled', idleMs: 300 });
    const parent = new AbortController();
    const d = makeIdleDeadline(parent.signal, { idleMs: 300, allowanceMs: 300, progress: new Progress() });
    parent.abort();
    expect(d.signal.aborted).toBe(true);
    expect(d.ended()).toBeNull();
    plain.clear();
    d.clear();
  });

  test('a cleared deadline stops watching the session', () => {
    const progress = new Progress();
    const d = makeIdleDeadline(running, { idleMs: 300, allowanceMs: 300, progress });
    d.clear();
    progress.packet();
    vi.advanceTimersByTime(1000);
    expect(d.signal.aborted).toBe(false);
  });
});

describe('sequential idle deadlines (one wait after another)', () => {
  test('each wait is timed from its own start, on the signal the waits share until one fires', () => {
    const progress = new Progress();
    const waits = new SequentialIdleDeadlines(running, progress);
    const first = waits.start({ idleMs: 1000, allowanceMs: 1000 });
    const shared = first.signal;
    vi.advanceTimersByTime(600);
    first.clear();
    // The timer left from the first wait looks in at 1000 ms and sets itself on for the second.
    const second = waits.start({ idleMs: 1000, allowanceMs: 1000 });
    expect(second.signal).toBe(shared);
    vi.advanceTimersByTime(999);
    expect(shared.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(shared.aborted).toBe(true);
    expect(second.ended()).toMatchObject({ kind: 'stalled', idleMs: 1000, waitedMs: 1000 });
    second.clear();
    // After one fired, the next wait has a fresh signal and a deadline of its own.
    const third = waits.start({ idleMs: 300, allowanceMs: 300 });
    expect(third.signal.aborted).toBe(false);
    expect(third.ended()).toBeNull();
    vi.advanceTimersByTime(300);
    expect(third.ended()).toMatchObject({ kind: 'stalled', idleMs: 300 });
    third.clear();
  });

  test('a shorter wait after a longer one fires on time; nothing fires between waits; progress restarts the wait', () => {
    const progress = new Progress();
    const waits = new SequentialIdleDeadlines(running, progress);
    const long = waits.start({ idleMs: 10_000, allowanceMs: 10_000 });
    long.clear();
    vi.advanceTimersByTime(100);
    expect(long.signal.aborted).toBe(false);
    const short = waits.start({ idleMs: 500, allowanceMs: 5000 });
    vi.advanceTimersByTime(400);
    progress.packet();
    vi.advanceTimersByTime(499);
    expect(short.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(short.ended()).toMatchObject({ kind: 'stalled', idleMs: 500, waitedMs: 900, before: { packets: 1 } });
    short.clear();
  });

  test('a wait that begins while another runs gets a deadline of its own; a parent abort is no deadline end', () => {
    const parent = new AbortController();
    const waits = new SequentialIdleDeadlines(parent.signal, new Progress());
    const running = waits.start({ idleMs: 1000, allowanceMs: 1000 });
    const beside = waits.start({ idleMs: 200, allowanceMs: 200 });
    expect(beside.signal).not.toBe(running.signal);
    vi.advanceTimersByTime(200);
    expect(beside.signal.aborted).toBe(true);
    expect(running.signal.aborted).toBe(false);
    beside.clear();
    parent.abort();
    expect(running.signal.aborted).toBe(true);
    expect(running.ended()).toBeNull();
    running.clear();
  });
});

describe('describeProgress', () => {
  test('names packets, pipe bytes, upstream requests with reconnects and the last Range, and upstream bytes', () => {
    const p = new Progress();
    p.packet();
    p.pipeBytes(3 * 1024 * 1024);
    p.upstreamRequest(null, false);
    p.upstreamRequest('bytes=2097152-', true);
    p.upstreamBytes(500);
    expect(describeProgress(p.snapshot(), ['request', 'requests'])).toBe('1 request, 3.0 MiB through pipes, 2 upstream requests (1 reconnect, last Range: bytes=2097152-), 500 bytes from the upstream');
    expect(describeProgress(new Progress().snapshot())).toBe('nothing');
  });

  test('waits on while the peer has not read the request (a start-up), then stalls once it has; never past the allowance', () => {
    let unread = true;
    const d = makeIdleDeadline(running, { idleMs: 1000, allowanceMs: 10_000, progress: new Progress(), working: () => unread });
    vi.advanceTimersByTime(4000);
    expect(d.signal.aborted).toBe(false);
    // Read at last (the restart at 4000 ms stands): silence from here is a stall.
    unread = false;
    vi.advanceTimersByTime(999);
    expect(d.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(d.ended()).toMatchObject({ kind: 'stalled', idleMs: 1000 });
    d.clear();
    const never = makeIdleDeadline(running, { idleMs: 1000, allowanceMs: 10_000, progress: new Progress(), working: () => true });
    vi.advanceTimersByTime(10_000);
    expect(never.signal.aborted).toBe(true);
    // Nothing moved all along: a hang, not a wait that kept progressing.
    expect(never.ended()).toMatchObject({ kind: 'stalled', idleMs: 10_000, waitedMs: 10_000 });
    never.clear();
  });
});
