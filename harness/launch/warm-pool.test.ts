import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { processesRunning } from '../test-support/processes.js';
import type { Implementation, LaunchSpec } from './implementation.js';
import { WarmPool } from './warm-pool.js';

const TIMEOUTS = { exitMs: 500, termMs: 250 };

/**
 * A stand-in that reads its socket until EOF (then fails to open the marker file and exits); the
 * marker finds its processes. No shell: a forked shell shows the marker twice until it execs.
 */
function standIn(): { spec: LaunchSpec; marker: string } {
  const marker = `warm-pool-${randomUUID()}`;
  return { spec: { executable: 'cat', args: ['-', marker], socket: { kind: 'stdin' } }, marker };
}

/** How many stand-ins run, once at least `expected` have appeared (never waits for processes to go). */
async function running(marker: string, expected: number): Promise<number> {
  let count = -1;
  for (let i = 0; count < expected; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, 50));
    const pids = await processesRunning(marker);
    count = pids === '' ? 0 : pids.split('\n').length;
  }
  return count;
}

describe('a warm pool', () => {
  test('hands out processes started ahead, each once; close() reaps the ones never used and those ended behind', async () => {
    const { spec, marker } = standIn();
    const signal = new AbortController().signal;
    const pool = new WarmPool(spec, {}, signal, 2, TIMEOUTS);
    const first = pool.launch(spec, signal);
    // The one handed out, and two started ahead for the next sessions.
    expect(await running(marker, 3)).toBe(3);
    const second = pool.launch(spec, signal);
    expect(second.pid).not.toBe(first.pid);
    expect(await running(marker, 4)).toBe(4);
    let cleaned = 0;
    await pool.end(first, TIMEOUTS, async () => void (cleaned += 1));
    await pool.end(second, TIMEOUTS, async () => void (cleaned += 1));
    await pool.close();
    expect(cleaned).toBe(2);
    expect(first.exited).not.toBeNull();
    expect(second.exited).not.toBeNull();
    expect(await running(marker, 0)).toBe(0);
  });

  test('a process its session offers back serves the next session, up to the limit; others are ended', async () => {
    const { spec, marker } = standIn();
    const signal = new AbortController().signal;
    const pool = new WarmPool(spec, {}, signal, 1, TIMEOUTS, 2);
    const first = pool.launch(spec, signal);
    let cleaned = 0;
    const after = async () => void (cleaned += 1);
    pool.offer(first);
    await pool.end(first, TIMEOUTS, after);
    expect(first.exited).toBeNull();
    // Kept for the next session of its kind: a process, not a hosted session.
    expect(pool.resume(spec, signal, 'hosted')).toBeUndefined();
    const again = pool.resume(spec, signal, 'process') as Implementation;
    expect(again).toBe(first);
    expect(again.sessionsBefore).toBe(1);
    // Its second session is its last: offered or not, it is ended.
    pool.offer(again);
    await pool.end(again, TIMEOUTS, after);
    expect(pool.resume(spec, signal, 'process')).toBeUndefined();
    const third = pool.launch(spec, signal);
    expect(third).not.toBe(first);
    expect(third.sessionsBefore).toBe(0);
    // Not offered: ended.
    await pool.end(third, TIMEOUTS, after);
    const fourth = pool.launch(spec, signal);
    expect(fourth).not.toBe(third);
    pool.offer(fourth);
    await pool.end(fourth, TIMEOUTS, after);
    // close() ends the one kept for a next session, too.
    await pool.close();
    expect(cleaned).toBe(4);
    for (const impl of [first, third, fourth]) expect(impl.exited).not.toBeNull();
    expect(pool.started).toBe(4);
    expect(await running(marker, 0)).toBe(0);
  });

  test('launches another spec (or after close) on the spot, starting nothing ahead', async () => {
    const pooled = standIn();
    const other = standIn();
    const signal = new AbortController().signal;
    const pool = new WarmPool(pooled.spec, {}, signal, 2, TIMEOUTS);
    const impl = pool.launch(other.spec, signal);
    expect(await running(pooled.marker, 0)).toBe(0);
    await pool.close();
    const late = pool.launch(pooled.spec, signal);
    expect(await running(pooled.marker, 1)).toBe(1);
    await impl.teardown(TIMEOUTS);
    await late.teardown(TIMEOUTS);
  });

  test('the run being interrupted tears down the processes never used', async () => {
    const { spec, marker } = standIn();
    const controller = new AbortController();
    const pool = new WarmPool(spec, {}, controller.signal, 2, TIMEOUTS);
    const used = pool.launch(spec, controller.signal);
    controller.abort();
    await pool.close();
    expect(await running(marker, 1)).toBe(1);
    await used.teardown(TIMEOUTS);
    expect(await running(marker, 0)).toBe(0);
  });
});
