// Nothing a run makes outlives it: a second Ctrl-C, which cuts the teardown short, still removes the
// temp dirs (the run's, the registry's storage, the client mode's), and what a SIGKILLed run left
// is removed by the next run.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { withDir } from 'tmp-promise';
import { expect, test } from 'vitest';
import { CLI, MINI_PROXY, REPO_ROOT } from '../test-support/paths.js';
import { requireTool } from '../test-support/require-tool.js';
import { FIXTURE_CACHE, withSharedFixtures } from '../test-support/run-temp-dir.js';
import { waitUntil } from '../test-support/wait-until.js';
import { isAlive, killPending } from '../test-support/processes.js';
import { REGISTRY_INSTALL_HINT } from '../registry/start-registry.js';
import { PROCESS_STUCK_MS } from '../test-support/stuck.js';

const NEVER_EXITS = path.join(REPO_ROOT, 'harness', 'test-support', 'clients', 'misbehaving', 'never-exits.sh');

async function tempDirsLeft(tmp: string): Promise<string[]> {
  return (await readdir(tmp)).filter((name) => (name.startsWith('proxy-conformance-') || name.startsWith('pc-client-')) && name !== FIXTURE_CACHE);
}

/** A run whose one server case hangs (the implementation ignores EOF) with the registry running, and the file that says when the case got there. */
function startHangingRun(tmp: string): { child: ResultPromise; eofLog: string } {
  const eofLog = path.join(tmp, 'eof.log');
  const child = execa(
    'node',
    [CLI, '--impl', MINI_PROXY, '--impl-arg=--fault', '--impl-arg=ignore-eof', '--impl-arg=--eof-log', `--impl-arg=${eofLog}`, '--run', 'lifecycle/eof-exit-zero', '--run', 'registry/manifest/oci', '--jobs', '1', '--no-report'],
    { reject: false, timeout: PROCESS_STUCK_MS, env: { TMPDIR: tmp, NO_COLOR: '1' }, buffer: { stderr: true } },
  );
  return { child, eofLog };
}

async function hasLine(file: string): Promise<boolean> {
  return (await readFile(file, 'utf8').catch(() => '')) !== '';
}

/** Resolves once the child has written `text` to stderr (or has exited). */
function waitForStderr(child: ResultPromise, text: string): Promise<void> {
  return new Promise((resolve) => {
    let seen = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(text)) resolve();
    });
    void child.finally(() => resolve());
  });
}

/** Ctrl-C, then (once the first was acted on) Ctrl-C again: exit 130, nothing left in `tmp`. */
async function secondCtrlCLeavesNothing(child: ReturnType<typeof execa>, stopping: Promise<void>, tmp: string): Promise<void> {
  child.kill('SIGINT');
  await stopping;
  child.kill('SIGINT');
  const result = await child;
  expect(result.exitCode).toBe(130);
  expect(await tempDirsLeft(tmp)).toEqual([]);
}

test('a second Ctrl-C right after the first still removes the run temp dir and the registry storage', async () => {
  requireTool('docker-registry', REGISTRY_INSTALL_HINT);
  await withDir(
    async ({ path: tmp }) => {
      await withSharedFixtures(tmp);
      const { child, eofLog } = startHangingRun(tmp);
      const stopping = waitForStderr(child, 'SIGINT: stopping');
      await waitUntil(async () => (await hasLine(eofLog)) || child.exitCode !== null);
      expect((await tempDirsLeft(tmp)).some((name) => name.startsWith('proxy-conformance-registry-'))).toBe(true);
      await secondCtrlCLeavesNothing(child, stopping, tmp);
    },
    { unsafeCleanup: true },
  );
});

test('a second Ctrl-C in client mode still removes the pc-client dir and its socket', async () => {
  await withDir(
    async ({ path: tmp }) => {
      await withSharedFixtures(tmp);
      const child = execa('node', [CLI, 'client', '--run', 'client/fetch/**', '--client-timeout', '60000', '--no-report', '--', NEVER_EXITS], {
        reject: false,
        timeout: PROCESS_STUCK_MS,
        env: { TMPDIR: tmp, NO_COLOR: '1' },
      });
      const stopping = waitForStderr(child, 'SIGINT: stopping');
      await waitUntil(async () => (await tempDirsLeft(tmp)).some((name) => name.startsWith('pc-client-')) || child.exitCode !== null);
      await secondCtrlCLeavesNothing(child, stopping, tmp);
    },
    { unsafeCleanup: true },
  );
});

test('a SIGKILLed run takes its implementation with it, and what it left (its temp dir, the registry storage) is removed by the next run', async () => {
  requireTool('docker-registry', REGISTRY_INSTALL_HINT);
  await withDir(
    async ({ path: tmp }) => {
      await withSharedFixtures(tmp);
      const { child, eofLog } = startHangingRun(tmp);
      await waitUntil(async () => (await hasLine(eofLog)) || child.exitCode !== null);
      const implementation = Number((await readFile(eofLog, 'utf8')).trim());
      child.kill('SIGKILL');
      expect((await child).signal).toBe('SIGKILL');
      // Its death signal was sent as the harness died: the implementation is gone, or its SIGKILL is on the way.
      expect(isAlive(implementation) && !killPending(implementation), `implementation ${implementation} outlives the harness`).toBe(false);
      await waitUntil(() => !isAlive(implementation));
      const left = await tempDirsLeft(tmp);
      expect(left.some((name) => name.startsWith(`proxy-conformance-registry-${child.pid}-`))).toBe(true);
      expect(left.some((name) => name.startsWith(`proxy-conformance-${child.pid}-`))).toBe(true);
      const next = await execa('node', [CLI, 'list'], { reject: false, env: { TMPDIR: tmp } });
      expect(next.exitCode).toBe(0);
      expect(await tempDirsLeft(tmp)).toEqual([]);
    },
    { unsafeCleanup: true },
  );
});
