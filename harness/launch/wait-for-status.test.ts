import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { waitForStatus } from './process.js';

afterEach(() => {
  vi.useRealTimers();
});

const EXITED = { code: 0, signal: null };
const never = new Promise<never>(() => {});

describe('waitForStatus', () => {
  test('the exit, when it comes first; null once the time is up', async () => {
    expect(await waitForStatus(Promise.resolve(EXITED), 1000)).toEqual(EXITED);
    vi.useFakeTimers();
    const waiting = waitForStatus(never, 1000);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await waiting).toBeNull();
  });

  test('null when the signal aborts, before or during the wait; no listener stays on the signal', async () => {
    const before = new AbortController();
    before.abort();
    expect(await waitForStatus(never, 60_000, before.signal)).toBeNull();
    const during = new AbortController();
    const waiting = waitForStatus(never, 60_000, during.signal);
    expect(getEventListeners(during.signal, 'abort')).toHaveLength(1);
    during.abort();
    expect(await waiting).toBeNull();
    const kept = new AbortController();
    await waitForStatus(Promise.resolve(EXITED), 60_000, kept.signal);
    expect(getEventListeners(kept.signal, 'abort')).toHaveLength(0);
  });
});
