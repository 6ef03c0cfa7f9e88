import { getEventListeners } from 'node:events';
import { describe, expect, test } from 'vitest';
import * as native from '../native.js';
import { FdWatcher, READABLE } from './fd-watcher.js';

function socketpair(): { watched: number; peer: number; close(): void } {
  const [watched, peer] = native.socketpair();
  return { watched, peer, close: () => [watched, peer].forEach((fd) => native.close(fd)) };
}

describe('an fd watcher', () => {
  test('keeps one abort listener, on the latest signal only, and none once closed', async () => {
    const pair = socketpair();
    const watcher = new FdWatcher(pair.watched);
    const [a, b] = [new AbortController().signal, new AbortController().signal];
    const first = watcher.waitFor(READABLE, a);
    native.sendmsg(pair.peer, Buffer.from('x'));
    await first;
    // Waits that follow on the same signal find its listener still there.
    expect(getEventListeners(a, 'abort')).toHaveLength(1);
    await watcher.waitFor(READABLE, a);
    expect(getEventListeners(a, 'abort')).toHaveLength(1);
    await watcher.waitFor(READABLE, b);
    expect(getEventListeners(a, 'abort')).toHaveLength(0);
    expect(getEventListeners(b, 'abort')).toHaveLength(1);
    watcher.close();
    expect(getEventListeners(b, 'abort')).toHaveLength(0);
    pair.close();
  });

  test('an abort rejects the waits on that signal with its reason, and only those', async () => {
    const pair = socketpair();
    const watcher = new FdWatcher(pair.watched);
    const [a, b] = [new AbortController(), new AbortController()];
    const onA = watcher.waitFor(READABLE, a.signal);
    const onB = watcher.waitFor(READABLE, b.signal);
    a.abort(new Error('deadline'));
    await expect(onA).rejects.toThrow('deadline');
    native.sendmsg(pair.peer, Buffer.from('x'));
    await onB;
    // A spent signal's listener is gone; a wait on it is refused at once.
    expect(getEventListeners(a.signal, 'abort')).toHaveLength(0);
    await expect(watcher.waitFor(READABLE, a.signal)).rejects.toThrow('deadline');
    watcher.close();
    pair.close();
  });
});
