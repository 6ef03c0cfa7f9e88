// What the harness learns about fds without reading them: the kind and access mode of a received
// fd, and how many fds an implementation's process holds.
import { readdirSync } from 'node:fs';
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
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return null;
  }
}
