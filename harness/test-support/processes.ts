// Which processes are still running, for tests that prove nothing was left behind.
import { execa } from 'execa';

/** pgrep -f: the pids whose command line matches `pattern` (a regular expression), or '' for none. */
export function processesRunning(pattern: string): Promise<string> {
  return execa('pgrep', ['-f', '--', pattern], { reject: false }).then((r) => r.stdout.trim());
}
