// mutation-score's command line: a bad --jobs, --shard or --fault is a usage error before any case
// runs. (The score itself is harness/mutation/mutation-score.test.ts.)
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CLI } from '../../test-support/paths.js';
import { makeProgram } from '../program.js';
import { PROCESS_STUCK_MS } from '../../test-support/stuck.js';

/** Runs `proxy-conformance mutation-score ARGS` in process; returns the parse error and what was written to stderr. */
async function mutationScore(args: string[]): Promise<{ error: unknown; err: string; code: number }> {
  const seen = { err: '', code: -1 };
  const program = await makeProgram({
    out: { write: () => {} },
    err: { write: (s) => void (seen.err += s) },
    signal: new AbortController().signal,
    setExitCode: (c) => void (seen.code = c),
  });
  const error = await program.parseAsync(['mutation-score', ...args], { from: 'user' }).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, ...seen };
}

describe('mutation-score usage', () => {
  it.each([
    ['0', '--jobs takes a whole number above 0, not "0"'],
    ['abc', '--jobs takes a whole number above 0, not "abc"'],
    ['2x', '--jobs takes a whole number above 0, not "2x"'],
  ])('refuses --jobs %s while parsing, naming the option and the value', async (value, message) => {
    const { error, err, code } = await mutationScore(['--jobs', value]);
    expect(error).toMatchObject({ code: 'commander.invalidArgument' });
    expect(err).toContain(message);
    expect(code).toBe(-1);
  });

  it('refuses a --shard outside 1..n and an unknown --fault as usage errors', async () => {
    expect((await mutationScore(['--shard', '3/2'])).err).toContain('--shard takes i/n with 1 ≤ i ≤ n (for example 2/4), not "3/2"');
    expect((await mutationScore(['--fault', 'no-such-fault'])).err).toContain('--fault no-such-fault: no such fault');
  });

  it('exits 2 on a bad --jobs from the command line, before running anything', async () => {
    const result = await execa('node', [CLI, 'mutation-score', '--jobs', '0'], { reject: false, timeout: PROCESS_STUCK_MS });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('--jobs takes a whole number above 0, not "0"');
  });

  it('--quiet leaves out the line per killed fault, keeping the survivors, the clean run and the table', async () => {
    const args = ['mutation-score', '--fault', 'double-reply', '--fault', 'shutdown-exit-1', '--run', 'lifecycle/shutdown-exit-zero'];
    const [full, quiet] = await Promise.all([[], ['--quiet']].map((extra) => execa('node', [CLI, ...args, ...extra], { reject: false, timeout: PROCESS_STUCK_MS })));
    for (const r of [full!, quiet!]) {
      expect(r.exitCode).toBe(1);
      expect(r.stdout).toMatch(/^SURVIVED  double-reply  \(/m);
      expect(r.stdout).toMatch(/^clean reference proxy: 1 of 1 cases pass or do not apply$/m);
      expect(r.stdout).toMatch(/^shutdown-exit-1 +killed +1 +lifecycle\/shutdown-exit-zero$/m);
      expect(r.stdout).toMatch(/^mutation score: 1\/2 faults killed$/m);
    }
    expect(full!.stdout).toMatch(/^killed    shutdown-exit-1  \(/m);
    expect(quiet!.stdout).not.toMatch(/^killed /m);
  });
});
