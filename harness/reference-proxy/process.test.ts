// The reference proxy as a process: bin/reference-proxy.js runs the compiled dist/ (`npm test`
// builds first; after editing, run `npm run build` before these), spawned the way the harness
// spawns any implementation, and driven by the CLI's first checks.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, test } from 'vitest';
import { CHECKS } from '../checks/index.js';
import { Implementation, type SocketMode } from '../launch/implementation.js';
import { cliRunner } from '../test-support/cli.js';
import { REPO_ROOT } from '../test-support/paths.js';
import { fixtureImage, loadFixtures } from '../test-support/reference-proxy/session.js';

const BIN = path.join(REPO_ROOT, 'bin', 'reference-proxy.js');
const TEARDOWN = { exitMs: 2000, termMs: 1000 };

beforeAll(async () => {
  if (!existsSync(path.join(REPO_ROOT, 'dist', 'reference-proxy', 'main.js'))) {
    throw new Error('these tests run the compiled proxy: run `npm run build` first');
  }
  await loadFixtures();
});

function launch(socket: SocketMode = { kind: 'stdin' }, args: string[] = []): Implementation {
  return Implementation.launch({ executable: BIN, args, socket }, new AbortController().signal);
}

describe('bin/reference-proxy.js', () => {
  test.each([[{ kind: 'stdin' } as SocketMode], [{ kind: 'fd', fd: 3 } as SocketMode]])('serves the socket given as %j; Shutdown ends it with exit 0 and no reply', async (socket) => {
    const impl = launch(socket);
    try {
      const r = await impl.client.call('Initialize', [], { timeoutMs: 5000 });
      expect(r.kind === 'reply' && r.raw.toString()).toBe('{"success":true,"value":"0.2.8","pipeid":0,"error_code":"","error":""}');
      expect((await impl.client.call('Shutdown', [], { timeoutMs: 5000 })).kind).toBe('eof');
      expect(await impl.waitForExit(5000)).toEqual({ code: 0, signal: null });
    } finally {
      await impl.teardown(TEARDOWN);
    }
  });

  test('--protocol-version 0.2.7 makes Initialize answer "0.2.7" in the envelope without error_code', async () => {
    const impl = launch({ kind: 'stdin' }, ['--protocol-version', '0.2.7']);
    try {
      const r = await impl.client.call('Initialize', [], { timeoutMs: 5000 });
      expect(r.kind === 'reply' && r.raw.toString()).toBe('{"success":true,"value":"0.2.7","pipeid":0,"error":""}');
    } finally {
      await impl.teardown(TEARDOWN);
    }
  });

  test('FinishPipe without arguments ends the process with exit 2 and a panic line, no reply', async () => {
    const impl = launch();
    try {
      expect((await impl.client.call('FinishPipe', [], { timeoutMs: 5000 })).kind).toBe('eof');
      expect(await impl.waitForExit(5000)).toEqual({ code: 2, signal: null });
      expect(impl.stderrTail()).toMatch(/^panic: runtime error: index out of range \[0\] with length 0/);
    } finally {
      await impl.teardown(TEARDOWN);
    }
  });

  test('a socket fd that is not a socket, or not open, exits 1 with skopeo\'s fatal line', async () => {
    const notSocket = await execa(BIN, [], { stdin: 'ignore', reject: false });
    expect(notSocket.exitCode).toBe(1);
    expect(notSocket.stderr).toMatch(/level=fatal msg="file file\+net sock: getsockopt: socket operation on non-socket"/);
    const closed = await execa(BIN, ['--sockfd', '47'], { stdin: 'ignore', reject: false });
    expect(closed.exitCode).toBe(1);
    expect(closed.stderr).toMatch(/level=fatal msg="file file\+net sock: fcntl: bad file descriptor"/);
  });

  test('an unknown --fault or argument is one sentence on stderr and exit 2', async () => {
    const fault = await execa(BIN, ['--fault', 'nope'], { reject: false });
    expect(fault.exitCode).toBe(2);
    expect(fault.stderr).toMatch(/^reference-proxy: unknown fault "nope" \(run with --list-faults to see the \d+ known ones\)$/);
    const arg = await execa(BIN, ['--frobnicate'], { reject: false });
    expect(arg.exitCode).toBe(2);
    expect(arg.stderr).toBe('reference-proxy: unknown argument "--frobnicate"');
  });

  test('killed by SIGTERM, it removes the archives it extracted (under TMPDIR) and dies of SIGTERM', async () => {
    const archive = await fixtureImage('oci-simple@oci-archive');
    const tmpdir = mkdtempSync(path.join(os.tmpdir(), 'reference-proxy-test-'));
    const tempDirs = () => readdirSync(tmpdir).filter((n) => n.startsWith('reference-proxy-oci-archive-')).length;
    const impl = Implementation.launch({ executable: BIN, args: [], socket: { kind: 'stdin' }, env: { TMPDIR: tmpdir } }, new AbortController().signal);
    try {
      await impl.client.call('Initialize', [], { timeoutMs: 5000 });
      await impl.client.call('OpenImage', [archive.reference], { timeoutMs: 5000 });
      expect(tempDirs()).toBe(1);
      impl.kill('SIGTERM');
      expect(await impl.waitForExit(5000)).toEqual({ code: null, signal: 'SIGTERM' });
      expect(tempDirs()).toBe(0);
    } finally {
      await impl.teardown(TEARDOWN);
      rmSync(tmpdir, { recursive: true, force: true });
    }
  });
});

describe('the CLI against the reference proxy', () => {
  const runCli = cliRunner(['--impl', BIN, '--run', 'tag:smoke']);

  test('every first check passes', async () => {
    const result = await runCli([]);
    expect(result.stdout).toContain('protocol version: 0.2.8');
    expect(result.stdout.trim().split('\n').at(-1)).toBe(`${CHECKS.length} passed, 0 failed`);
    expect(result.exitCode).toBe(0);
  });

  test('--fault wrong-manifest-byte (through --impl-arg) makes manifest/golden fail', async () => {
    const result = await runCli(['--impl-arg=--fault', '--impl-arg=wrong-manifest-byte']);
    expect(result.stdout).toMatch(/^FAIL {2}manifest\/golden /m);
    expect(result.stdout.trim().split('\n').at(-1)).toBe(`${CHECKS.length - 1} passed, 1 failed`);
    expect(result.exitCode).toBe(1);
  });
});
