// Which processes are still running, for tests that prove nothing was left behind.
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
