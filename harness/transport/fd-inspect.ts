// What the harness learns about fds without reading them: the kind and access mode of a received
// fd, and what fds a process holds (its /proc/PID/fd), each with what it points at.
import { readdirSync, readlinkSync } from 'node:fs';
import { fstat, type FdInfo } from '../native.js';

/** fstat of `fd`: its type, access mode and flags. Throws a SyscallError when it cannot be inspected. */
export function inspectFd(fd: number): FdInfo {
  return fstat(fd);
}

/** A short description of a received fd for the transcript: `fifo:read`, `socket:read-write`… */
export function describeFd(fd: number): string {
  try {
    const info = inspectFd(fd);
    return `${info.type}:${info.access}`;
  } catch (error) {
    return `unknown:${(error as Error).message}`;
  }
}

/** How many fds process `pid` holds (its /proc/PID/fd entries), or null when the process is gone. */
export function countOpenFds(pid: number): number | null {
  return listFds(pid)?.length ?? null;
}

/** fd number → link target, e.g. 7 → `pipe:[123456]`. */
export type FdTable = ReadonlyMap<number, string>;

/** The fds process `pid` holds with what each points at (`pipe:[INODE]`, `socket:[INODE]`, a path), or null when it is gone. */
export function snapshotFds(pid: number): FdTable | null {
  const names = listFds(pid);
  if (names === null) return null;
  const table = new Map<number, string>();
  for (const name of names) {
    try {
      table.set(Number(name), readlinkSync(`/proc/${pid}/fd/${name}`));
    } catch {
      // Closed between the listing and the read: not held.
    }
  }
  return table;
}

/** What one of our own fds points at (`pipe:[INODE]`), to find the same open file in another process's table. */
export function targetOfOwnFd(fd: number): string | null {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return null;
  }
}

/** The fd numbers in `table` pointing at `target`. */
export function fdsPointingAt(table: FdTable, target: string): number[] {
  return [...table].filter(([, t]) => t === target).map(([fd]) => fd);
}

/** The names in /proc/PID/fd, or null when the process is gone (or not ours to read). */
function listFds(pid: number): string[] | null {
  try {
    return readdirSync(`/proc/${pid}/fd`);
  } catch {
    return null;
  }
}
