// The registry path end to end through the CLI: the run's registry and the registry/* cases against
// real skopeo (the #2878 hang as a verdict its baseline expects), and what happens without a registry.
import { readFileSync } from 'node:fs';
import { readdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { withDir } from 'tmp-promise';
import { describe, expect, test } from 'vitest';
import { processesRunning } from '../test-support/processes.js';
import { waitUntil } from '../test-support/wait-until.js';
import { requireTool } from '../test-support/require-tool.js';
import { CLI, EXITS_AT_ONCE } from '../test-support/paths.js';
import { requireSkopeo } from '../test-support/skopeo.js';
import { FIXTURE_CACHE, withSharedFixtures } from '../test-support/run-temp-dir.js';
import { PROCESS_STUCK_MS } from '../test-support/stuck.js';

const BASELINE = path.resolve('specs/expected/skopeo-1.9.3.json');
const REGISTRY = ['--run', 'registry/**', '--jobs', '2', '--no-report'];

/** The registry cases the reference proxy is recorded not to pass (skopeo's answers it copies), as --skip options. */
function skipRecordedRegistryFailures(): string[] {
  const record = JSON.parse(readFileSync(path.resolve('specs/expected/reference-proxy.json'), 'utf8')) as { cases: Record<string, unknown> };
  return Object.keys(record.cases).filter((id) => id.startsWith('registry/')).flatMap((id) => ['--skip', id]);
}

/** The CLI with exactly this environment (no CI variable leaking in from the test run's own). */
function run(args: readonly string[], env: Record<string, string> = {}) {
  return execa(process.execPath, [CLI, ...args], { reject: false, timeout: PROCESS_STUCK_MS, extendEnv: false, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env } });
}

/** What a run left in its TMPDIR and running: registry storage, temp dirs, registry processes. */
async function leftBehind(tmp: string): Promise<{ dirs: string[]; processes: string }> {
  const dirs = (await readdir(tmp)).filter((name) => name.startsWith('proxy-conformance-') && name !== FIXTURE_CACHE);
  return { dirs, processes: await processesRunning(`docker-registry serve ${tmp}/`) };
}

/** A run, one case at a time, in TMPDIR `tmp`, returned once its registry line says the fixtures are pushed (or it ended). */
async function runUntilRegistryReady(tmp: string, args: readonly string[]) {
  const child = execa(process.execPath, [CLI, ...args, '--jobs', '1', '--no-report'], {
    reject: false,
    timeout: PROCESS_STUCK_MS,
    extendEnv: false,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', TMPDIR: await withSharedFixtures(tmp) },
  });
  await new Promise<void>((resolve) => {
    child.stdout?.on('data', (d: Buffer) => d.toString().includes('registry: 127.0.0.1') && resolve());
    void child.finally(() => resolve());
  });
  // Wrapped: the subprocess is a promise itself, which returning it from here would await.
  return { child };
}

describe('the registry cases against skopeo 1.9.3', () => {
  test('run through a real registry; the stalls hang with the #2878 diagnosis, as the baseline expects', async () => {
    const skopeo = requireSkopeo();
    requireTool('docker-registry', 'apt-get install -y docker-registry');
    // A reply deadline three times the default: on a loaded machine a registry case that only runs
    // slowly must not hang; the stalls, which nothing ends, still do.
    const result = await run(['--impl', skopeo, '--baseline', BASELINE, '--timeout', '15000', ...REGISTRY]);
    expect(result.stdout).toMatch(/^registry: 127\.0\.0\.1:\d+ \(fixtures pushed\) for 41 registry case\(s\)$/m);
    expect(result.stdout).toMatch(/^pass {2}registry\/upstream\/corrupt /m);
    expect(result.stdout).toMatch(/^HANG {2}registry\/upstream\/stall-body .*\[expected: baseline\]\n {6}no reply to FinishPipe: nothing moved for 15000 ms( \(before that, in \d+ ms: [^)]*\))? \(.*skopeo #2878\)\)$/m);
    expect(result.stdout.trim().split('\n').at(-1)).toBe('30 passed, 5 failed (3 hung, 5 expected by the baseline), 6 not applicable');
    expect(result.exitCode).toBe(0);
  });

  test('Ctrl-C while the registry runs: exit 130, the registry stopped and its storage removed', async () => {
    const skopeo = requireSkopeo();
    requireTool('docker-registry', 'apt-get install -y docker-registry');
    await withDir(
      async ({ path: tmp }) => {
        // Then skopeo runs the preflight and the stall cases, one process each (its policy file is in
        // the run's temp dir, so the pattern is this run's). The interrupt comes while a process after
        // the first runs: a case waits on a stall.
        const { child } = await runUntilRegistryReady(tmp, ['--impl', skopeo, '--run', 'registry/upstream/stall-*', '--run', 'registry/upstream/stall-*/*']);
        expect((await leftBehind(tmp)).processes).not.toBe('');
        const seen: string[] = [];
        await waitUntil(async () => {
          const running = (await processesRunning(`--policy ${tmp}/proxy-conformance-`)).split('\n').filter(Boolean);
          for (const pid of running) if (!seen.includes(pid)) seen.push(pid);
          return child.exitCode !== null || running.some((pid) => pid !== seen[0]);
        });
        expect(child.exitCode).toBeNull();
        child.kill('SIGINT');
        const result = await child;
        expect(result.exitCode).toBe(130);
        expect(result.stdout).toMatch(/^interrupted: /m);
        expect(await leftBehind(tmp)).toEqual({ dirs: [], processes: '' });
      },
      { unsafeCleanup: true },
    );
  });
});

describe('a registry that dies mid-run', () => {
  test('is the harness\'s failure, not the implementation\'s: the cases after it are harness errors that say so, exit 3', async () => {
    requireTool('docker-registry', 'apt-get install -y docker-registry');
    await withDir(
      async ({ path: tmp }) => {
        // Without the registry cases its record says it does not pass, the reference proxy passes every
        // one: any non-pass here comes from the kill.
        // Killed once a registry case has passed: one process at a time (its policy in the run's temp
        // dir), so a third one seen (the preflight's, the first case's, the second's) means the
        // first case is over. The socket on fd 3 gives every session a process of its own, where the
        // reference proxy's sessions on stdin would run in session hosts.
        const { child } = await runUntilRegistryReady(tmp, ['--impl', path.resolve('bin/reference-proxy.js'), '--sockfd', '3', '--run', 'registry/**', ...skipRecordedRegistryFailures()]);
        const registry = (await leftBehind(tmp)).processes;
        expect(registry).not.toBe('');
        const seen = new Set<string>();
        await waitUntil(async () => {
          for (const pid of (await processesRunning(`--policy ${tmp}/proxy-conformance-`)).split('\n').filter(Boolean)) seen.add(pid);
          return seen.size >= 3 || child.exitCode !== null;
        });
        expect(child.exitCode).toBeNull();
        await execa('kill', ['-KILL', ...registry.split('\n')]);
        const result = await child;
        expect(result.stdout).toMatch(/^pass {2}registry\/\S+ /m);
        expect(result.stdout).toMatch(/^ERROR {2}registry\/\S+ .*\n {6}the run's registry \(127\.0\.0\.1:\d+\) killed by SIGKILL, which the harness started: not the implementation's doing/m);
        expect(result.stdout).not.toMatch(/^(FAIL|HANG|CRASH) /m);
        expect(result.exitCode).toBe(3);
        expect(await leftBehind(tmp)).toEqual({ dirs: [], processes: '' });
      },
      { unsafeCleanup: true },
    );
  });
});

describe('a closed stdout', () => {
  test('stops the run as an interrupt does: exit 141, the registry stopped and reaped, nothing left, where it had spun forever', async () => {
    requireTool('docker-registry', 'apt-get install -y docker-registry');
    await withDir(
      async ({ path: tmp }) => {
        const child = execa(process.execPath, [CLI, '--impl', EXITS_AT_ONCE, '--run', 'registry/**', '--no-report'], {
          reject: false,
          timeout: PROCESS_STUCK_MS,
          extendEnv: false,
          env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', TMPDIR: await withSharedFixtures(tmp) },
        });
        // The reader goes after the first line, as `| head -1` does: the next line meets a closed pipe.
        await new Promise<void>((resolve) => {
          child.stdout?.once('data', () => {
            child.stdout?.destroy();
            resolve();
          });
          void child.finally(() => resolve());
        });
        const result = await child;
        expect(result.exitCode, result.stderr).toBe(141);
        expect(result.stderr).toContain('proxy-conformance: stdout was closed (EPIPE): stopping');
        expect(await leftBehind(tmp)).toEqual({ dirs: [], processes: '' });
      },
      { unsafeCleanup: true },
    );
  });
});

describe('without a registry', () => {
  test('--no-registry: every registry case is not applicable, with the reason, also in CI', async () => {
    const skopeo = requireSkopeo();
    const result = await run(['--impl', skopeo, '--no-registry', ...REGISTRY], { CI: 'true' });
    expect(result.stdout).toContain('registry: none, the registry is turned off (--no-registry): 41 registry case(s) not applicable');
    expect(result.stdout).toContain('needs a registry: the registry is turned off (--no-registry)');
    expect(result.stdout.trim().split('\n').at(-1)).toBe('0 passed, 0 failed, 41 not applicable');
    expect(result.exitCode).toBe(0);
  });

  test('none on PATH: not applicable outside CI; in CI the cases fail and so does the run', async () => {
    const skopeo = requireSkopeo();
    await withDir(async ({ path: bin }) => check(skopeo, bin), { unsafeCleanup: true });
  });

  async function check(skopeo: string, bin: string): Promise<void> {
    // A PATH with the fixture builder's zstd but no docker-registry (skopeo is named by its path).
    await symlink((await execa('sh', ['-c', 'command -v zstd'])).stdout.trim(), path.join(bin, 'zstd'));
    const env = { PATH: bin };
    const local = await run(['--impl', skopeo, ...REGISTRY], env);
    expect(local.stdout).toMatch(/registry: none, no docker-registry on PATH \(apt-get install -y docker-registry, or pass --registry-bin PATH\): 41 registry case\(s\) not applicable/);
    expect(local.exitCode).toBe(0);
    const ci = await run(['--impl', skopeo, ...REGISTRY], { ...env, CI: 'true' });
    expect(ci.stdout).toContain('41 registry case(s) fail (CI is set)');
    expect(ci.stdout).toMatch(/needs a registry: no docker-registry on PATH .*\(CI is set, so this fails; --no-registry turns the registry cases off\)/);
    expect(ci.exitCode).not.toBe(0);
  }

  test('--registry-bin that does not exist is a usage error (exit 2), before anything runs', async () => {
    const result = await run(['--impl', requireSkopeo(), '--registry-bin', '/nonexistent/registry', ...REGISTRY]);
    expect(result.stderr.trim()).toBe('proxy-conformance: --registry-bin /nonexistent/registry: no such file');
    expect(result.exitCode).toBe(2);
  });
});
