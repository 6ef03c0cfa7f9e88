// The peak memory of a command, as the kernel counts it for the process that waits for it: no
// sampling, no clock. A small Python parent (python3 is needed by the test implementations anyway)
// runs it and reads wait4's rusage.
import { execa } from 'execa';
import { PROCESS_STUCK_MS } from './stuck.js';

const WAIT4 = [
  'import os, sys',
  'pid = os.fork()',
  'if pid == 0:',
  '    os.execvp(sys.argv[1], sys.argv[1:])',
  '_, status, usage = os.wait4(pid, 0)',
  'print(usage.ru_maxrss, file=sys.stderr)',
  'sys.exit(os.waitstatus_to_exitcode(status) & 255)',
].join('\n');

/** Runs `command ARGS`; its output, exit code and peak resident set size in KiB (its own, or its largest waited-for descendant's). */
export async function withPeakRss(command: string, args: readonly string[], env: Record<string, string> = {}) {
  const result = await execa('python3', ['-c', WAIT4, command, ...args], { reject: false, timeout: PROCESS_STUCK_MS, env });
  const lines = result.stderr.trimEnd().split('\n');
  return { stdout: result.stdout, stderr: lines.slice(0, -1).join('\n'), exitCode: result.exitCode, peakKiB: Number(lines.at(-1)) };
}
