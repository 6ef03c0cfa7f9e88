// What a client process holds, read from /proc: each open fd with what it points at (`pipe:[INODE]`,
// `socket:[INODE]`, a path), so that a pipe read end or socket the proxy passed can be recognised.
import { readdirSync, readlinkSync } from 'node:fs';

/** fd number → link target, e.g. 7 → `pipe:[123456]`. */
export type FdTable = ReadonlyMap<number, string>;

/** The fds process `pid` holds, or null when it is gone (or not ours to read). */
export function snapshotFds(pid: number): FdTable | null {
  let names: string[];
  try {
    names = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return null;
  }
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

/** What one of our own fds points at (`pipe:[INODE]`), to find the same open file in a client's table. */
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
