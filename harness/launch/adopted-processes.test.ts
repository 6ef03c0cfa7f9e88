// A daemon that an implementation or client leaves behind (forked twice, setsid: outside its process
// group) is re-parented to the harness, found, killed and reaped: nothing of it outlives the run.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { withDir } from 'tmp-promise';
import { expect, test } from 'vitest';
import { Implementation } from './implementation.js';
import { CLI, MINI_PROXY, REPO_ROOT } from '../test-support/paths.js';
import { waitUntil } from '../test-support/wait-until.js';

const LEAVES_DAEMON = path.join(REPO_ROOT, 'harness', 'test-support', 'impls', 'leaves-daemon.py');
const REFERENCE_CLIENT = path.join(REPO_ROOT, 'harness', 'test-support', 'clients', 'reference-client.py');

async function daemonPids(file: string): Promise<number[]> {
  return (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean).map(Number);
}

/** Whether `pid` still exists (a zombie counts: it is not reaped yet). */
function exists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('teardown kills and reaps the daemon an implementation double-forked into a session of its own', async () => {
  await withDir(
    async ({ path: dir }) => {
      const pids = path.join(dir, 'pids');
      process.env.PC_DAEMON_PIDS = pids;
      try {
        const impl = Implementation.launch({ executable: LEAVES_DAEMON, args: [MINI_PROXY], socket: { kind: 'stdin' } }, new AbortController().signal);
        expect((await impl.client.call('Initialize', [], { timeoutMs: 60_000 })).kind).toBe('reply');
        const [daemon] = await daemonPids(pids);
        expect(exists(daemon as number)).toBe(true);
        await impl.teardown({ exitMs: 30_000, termMs: 1000 });
        // Reaped by teardown itself: the pid is gone the moment it returns.
        expect(exists(daemon as number)).toBe(false);
      } finally {
        delete process.env.PC_DAEMON_PIDS;
      }
    },
    { unsafeCleanup: true },
  );
});

test.each([
  ['an implementation', ['--impl', LEAVES_DAEMON, `--impl-arg=${MINI_PROXY}`, '--run', 'manifest/**', '--no-registry', '--timeout', '60000']],
  ['a client', ['client', '--run', 'client/fetch/**', '--client-timeout', '30000', '--', LEAVES_DAEMON, REFERENCE_CLIENT]],
])('a run of %s that leaves a daemon at every start leaves no live process', async (_, args) => {
  await withDir(
    async ({ path: dir }) => {
      const pids = path.join(dir, 'pids');
      const result = await execa('node', [CLI, ...args, '--no-report'], { reject: false, env: { PC_DAEMON_PIDS: pids, NO_COLOR: '1' } });
      expect(result.stdout).toMatch(/\d+ passed/);
      const daemons = await daemonPids(pids);
      expect(daemons.length).toBeGreaterThan(1);
      // Killed and reaped before the harness exited; the wait only covers a pid a loaded kernel frees late.
      await waitUntil(() => daemons.every((pid) => !exists(pid)));
    },
    { unsafeCleanup: true },
  );
});
