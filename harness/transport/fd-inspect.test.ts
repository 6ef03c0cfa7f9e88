import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import * as native from '../native.js';
import { countOpenFds, describeFd, fdsPointingAt, inspectFd, snapshotFds, targetOfOwnFd } from './fd-inspect.js';
import { makeDrainedPipeReadEnd } from './owned-fd.js';

describe('fd inspection', () => {
  test('a pipe end is described by its type and access mode, a closed fd by the error', () => {
    const [r, w] = native.pipe();
    expect(inspectFd(r)).toMatchObject({ type: 'fifo', access: 'read' });
    expect(describeFd(w)).toBe('fifo:write');
    native.close(r);
    native.close(w);
    expect(describeFd(r)).toBe('unknown:fstat: EBADF');
  });

  test('countOpenFds counts a live process\'s /proc fd entries and is null for a process that is gone', () => {
    expect(countOpenFds(process.pid)).toBe(readdirSync('/proc/self/fd').length);
    const gone = spawnSync('true').pid;
    expect(countOpenFds(gone)).toBeNull();
  });
});

describe('fd tables', () => {
  test('a process\'s table shows where each fd points, so a pipe end is found by its target, and is gone once closed', () => {
    const [r, w] = native.pipe();
    const target = targetOfOwnFd(r);
    expect(target).toMatch(/^pipe:\[\d+\]$/);
    // Both ends of a pipe point at the same pipe; with the write end gone, the read end alone is held.
    expect(fdsPointingAt(snapshotFds(process.pid) as Map<number, string>, target as string).sort()).toEqual([r, w].sort());
    native.close(w);
    expect(fdsPointingAt(snapshotFds(process.pid) as Map<number, string>, target as string)).toEqual([r]);
    native.close(r);
    expect(fdsPointingAt(snapshotFds(process.pid) as Map<number, string>, target as string)).toEqual([]);
    expect(snapshotFds(2 ** 22 + 1)).toBeNull();
  });
});

describe('OwnedFd', () => {
  test('closes its fd once and reads as -1 afterwards, so a late use cannot reach a reused fd number', () => {
    const before = readdirSync('/proc/self/fd').length;
    const pipe = makeDrainedPipeReadEnd();
    expect(inspectFd(pipe.fd)).toMatchObject({ type: 'fifo', access: 'read' });
    expect(readdirSync('/proc/self/fd').length).toBe(before + 1);
    pipe.close();
    pipe.close();
    expect(pipe.fd).toBe(-1);
    expect(readdirSync('/proc/self/fd').length).toBe(before);
  });

  test('a drained pipe read end reads EOF at once', () => {
    const pipe = makeDrainedPipeReadEnd();
    native.setNonBlocking(pipe.fd, true);
    expect(native.read(pipe.fd, Buffer.alloc(8))).toBe(0);
    pipe.close();
  });
});
