// The fidelity role through the built CLI, with the reference proxy on both sides: clean against
// clean passes, a fault on the "real" side is a difference the case names, and a case whose subject
// is absent (no registry) is not applicable rather than compared.
import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import path from 'node:path';
import { withDir } from 'tmp-promise';
import { describe, expect, test } from 'vitest';
import type { ReportDocument } from '../../report/model.js';
import { loadSpecs } from '../../specs/index.js';
import { cliRunner, UNHURRIED } from '../../test-support/cli.js';
import { CLI, REPO_ROOT } from '../../test-support/paths.js';
import { PROCESS_STUCK_MS } from '../../test-support/stuck.js';
import { waitUntil } from '../../test-support/wait-until.js';
import { commandLine, processesWithMarker } from '../../test-support/processes.js';
import { HOST_MAIN } from '../../launch/host-process.js';

const REFERENCE = path.join(REPO_ROOT, 'bin', 'reference-proxy.js');
const runCli = cliRunner(['fidelity']);

describe('fidelity', () => {
  test('the reference proxy against itself: every case alike, and results.json names the role', async () => {
    await withDir(
      async ({ path: dir }) => {
        const result = await runCli(['--impl', REFERENCE, '--impl-arg=--protocol-version', '--impl-arg=0.2.6', '--run', 'tag:smoke', ...UNHURRIED, '--report-dir', dir, '--format', 'json']);
        expect(result.stdout.trim().split('\n').at(-1)).toMatch(/^\d+ passed, 0 failed$/);
        expect(result.stdout).toContain('protocol version: 0.2.6');
        expect(result.exitCode).toBe(0);
        const doc = JSON.parse(await readFile(path.join(dir, 'results.json'), 'utf8')) as ReportDocument;
        expect(loadSpecs().validateResults(doc)).toEqual({ ok: true });
        expect(doc.runs[0]!.implementation.role).toBe('fidelity');
      },
      { unsafeCleanup: true },
    );
  });

  test('a "real" implementation that changes a manifest byte differs in the payload, and the case says so', async () => {
    const result = await runCli(['--impl', REFERENCE, '--impl-arg=--fault', '--impl-arg=wrong-manifest-byte', '--run', 'manifest/golden/oci', ...UNHURRIED, '--no-report']);
    expect(result.stdout).toMatch(/^FAIL {2}manifest\/golden\/oci /m);
    expect(result.stdout).toMatch(/reference vs real: verdict: pass vs fail; payloads: 554 bytes, sha256:\w+, eof vs 554 bytes, sha256:\w+, eof/);
    expect(result.exitCode).toBe(1);
  });

  // A Node process start costs more CPU than the rest of a case on both sides: the reference's sessions go to hosts.
  test('the reference\'s sessions run in session hosts, and no host outlives the run', async () => {
    const marker = `PC_FIDELITY_HOSTS_TEST=${process.pid}`;
    const hostsOfRun = () => processesWithMarker(marker).filter((pid) => commandLine(pid).includes(HOST_MAIN));
    const run = execa('node', [CLI, 'fidelity', '--impl', REFERENCE, '--run', 'tag:smoke', ...UNHURRIED, '--no-report'], { reject: false, timeout: PROCESS_STUCK_MS, env: { NO_COLOR: '1', [marker.split('=')[0] as string]: String(process.pid) } });
    await waitUntil(() => hostsOfRun().length > 0);
    const result = await run;
    expect(result.stdout.trim().split('\n').at(-1)).toMatch(/^\d+ passed, 0 failed$/);
    await waitUntil(() => processesWithMarker(marker).length === 0);
  });

  test('a registry case without a registry is not applicable, not a match', async () => {
    const result = await runCli(['--impl', REFERENCE, '--run', 'registry/manifest/oci', '--no-registry', ...UNHURRIED, '--no-report']);
    expect(result.stdout.trim().split('\n').at(-1)).toBe('0 passed, 0 failed, 1 not applicable');
    expect(result.exitCode).toBe(0);
  });
});

