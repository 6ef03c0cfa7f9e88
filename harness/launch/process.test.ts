import { describe, expect, test } from 'vitest';
import * as native from '../native.js';
import { isAlive } from '../test-support/processes.js';
import { waitUntil } from '../test-support/wait-until.js';
import { SpawnedProcess } from './process.js';

const TIMEOUTS = { exitMs: 300, termMs: 300 };

describe('a process spawned without any protocol socket', () => {
  test('gets our fd at the position it asks for, and its exit is observed', async () => {
    const [readEnd, writeEnd] = native.pipe();
    const exits: unknown[] = [];
    const child = SpawnedProcess.spawn(
      { executable: 'sh', args: ['-c', 'echo through-fd-3 >&3; echo on-stderr >&2'], fds: new Map([[3, writeEnd]]), name: 'client' },
      { exited: (status) => exits.push(status) },
    );
    expect(await child.waitForExit(5000)).toEqual({ code: 0, signal: null });
    const buffer = Buffer.alloc(64);
    const n = native.read(readEnd, buffer) ?? 0;
    native.close(readEnd);
    expect(buffer.subarray(0, n).toString()).toBe('through-fd-3\n');
    expect(exits).toEqual([{ code: 0, signal: null }]);
    await child.stop(TIMEOUTS, () => {});
    expect(child.outputTail()).toContain('on-stderr');
  });

  test('that ignores SIGTERM is killed, and the child it forked goes with its process group', async () => {
    const notes: string[] = [];
    const child = SpawnedProcess.spawn(
      { executable: 'sh', args: ['-c', 'trap "" TERM; sleep 30 & echo $!; wait'], fds: new Map(), name: 'client' },
      { note: (text) => notes.push(text) },
    );
    // The shell has set its trap once it prints the background child's pid.
    await waitUntil(() => Number(child.outputTail().trim()) > 0);
    const grandchild = Number(child.outputTail().trim());
    let closed = false;
    const exit = await child.stop(TIMEOUTS, () => {
      closed = true;
    });
    expect(closed).toBe(true);
    expect(exit).toEqual({ code: null, signal: 'SIGKILL' });
    expect(notes.slice(0, 2)).toEqual(['no exit after EOF: SIGTERM', 'no exit after SIGTERM: SIGKILL']);
    await waitUntil(() => !isAlive(grandchild));
  });
});
