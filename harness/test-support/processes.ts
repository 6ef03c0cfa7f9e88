// Which processes are still running, for tests that prove nothing was left behind.
import { readdirSync, readFileSync } from 'node:fs';
import { execa } from 'execa';
import { readStat } from '../launch/proc-stat.js';

/** pgrep -f: the pids whose command line matches `pattern` (a regular expression), or '' for none. */
export function processesRunning(pattern: string): Promise<string> {
  return execa('pgrep', ['-f', '--', pattern], { reject: false }).then((r) => r.stdout.trim());
}

/** Running, not gone and not a zombie waiting to be reaped. */
export function isAlive(pid: number): boolean {
  const stat = readStat(pid);
  return stat !== null && stat.state !== 'Z';
}

/** A SIGKILL sent to `pid` and not yet acted on (a death signal lands this way as its parent dies). */
export function killPending(pid: number): boolean {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'latin1');
  } catch {
    return false;
  }
  const sigkill = 1n << 8n;
  return [...status.matchAll(/^(?:SigPnd|ShdPnd):\s*([0-9a-f]+)$/gm)].some((m) => (BigInt(`0x${m[1]}`) & sigkill) !== 0n);
}

/** Pids of the processes whose environment holds `marker` (`NAME=value`: a CLI's children inherit it, orphans too). */
export function processesWithMarker(marker: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/environ`, 'utf8').split('\0').includes(marker)) found.push(Number(name));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

/** The command line of `pid`, or '' once it is gone. */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** A pid that was a child of ours and has exited and been reaped: dead (until the kernel reuses it). */
export async function deadPid(): Promise<number> {
  const child = execa('true');
  const pid = child.pid as number;
  await child;
  return pid;
}

/** A pid that is alive for as long as the test runs and is not ours: our parent, or pid 2 when we are init. */
export function livePid(): number {
  return process.pid === 1 ? 2 : process.ppid;
}
