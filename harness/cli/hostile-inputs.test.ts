// Inputs a careless or hostile user gives: endless files, files that are not what they claim,
// secrets named as pattern lists, a TMPDIR that does not exist. Each is one sentence and exit 2.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { withDir } from 'tmp-promise';
import { describe, expect, test } from 'vitest';
import { cliRunner } from '../test-support/cli.js';
import { CLI, REPO_ROOT } from '../test-support/paths.js';
import { withTmpfs } from '../test-support/tmpfs.js';

const runCli = cliRunner();

function oneSentence(stderr: string): void {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('input files are bounded', () => {
  test('--config /dev/zero is exit 2 after one chunk, not gigabytes of memory', async () => {
    const r = await runCli(['--config', '/dev/zero']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/config file \/dev\/zero/);
    oneSentence(r.stderr);
  });

  test('merge A /dev/zero is exit 2', async () => {
    const r = await runCli(['merge', '/dev/zero', '/dev/zero', '--out', 'merged']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/\/dev\/zero.*not a JSON document/);
    oneSentence(r.stderr);
  });

  test('a config nested 100 000 deep is exit 2, not a stack overflow', () =>
    withDir(
      async ({ path: dir }) => {
        const file = path.join(dir, 'deep.json');
        await writeFile(file, `{"run": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
        const r = await runCli(['list', '--config', file]);
        expect(r.exitCode).toBe(2);
        expect(r.stderr).toMatch(/nests deeper than 256 levels/);
        oneSentence(r.stderr);
      },
      { unsafeCleanup: true },
    ));
});

describe('a pattern list is named, never echoed', () => {
  test('a config naming @/proc/self/environ does not print the environment', () =>
    withDir(
      async ({ path: dir }) => {
        const file = path.join(dir, 'proxy-conformance.config.json');
        await writeFile(file, JSON.stringify({ run: ['@/proc/self/environ'] }));
        const r = await execa('node', [CLI, 'list', '--config', file], { reject: false, env: { NO_COLOR: '1', SECRET_TOKEN: 'hunter2-do-not-print' } });
        expect(r.exitCode).toBe(2);
        expect(`${r.stdout}${r.stderr}`).not.toContain('hunter2');
        expect(r.stderr).toMatch(/@\/proc\/self\/environ line 1/);
      },
      { unsafeCleanup: true },
    ));

  test('a list line that matches no case is named by file and line', () =>
    withDir(
      async ({ path: dir }) => {
        const list = path.join(dir, 'cases.txt');
        await writeFile(list, '# mine\nmanifest/golden\nno-such/case-token-42\n');
        const r = await runCli(['list', '--run', `@${list}`]);
        expect(r.exitCode).toBe(2);
        expect(r.stderr).toMatch(/cases\.txt line 3 matches no case/);
        expect(r.stderr).not.toContain('token-42');
      },
      { unsafeCleanup: true },
    ));
});

describe('text from a file is shown, never interpreted', () => {
  test('an implementation path from a config file is named escaped in its "no such file" error', () =>
    withDir(
      async ({ path: dir }) => {
        const file = path.join(dir, 'proxy-conformance.config.json');
        await writeFile(file, JSON.stringify({ implementations: [{ impl: 'proxy\u001b]0;owned\u0007\u001b[2J' }] }));
        const r = await runCli(['--config', file, '--no-report']);
        expect(r.exitCode).toBe(2);
        expect(r.stderr).toMatch(/--impl .*proxy\\x1b\]0;owned\\x07\\x1b\[2J: no such file$/);
        // eslint-disable-next-line no-control-regex
        expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
        oneSentence(r.stderr);
      },
      { unsafeCleanup: true },
    ));
});

describe('TMPDIR', () => {
  test('naming a missing folder is one sentence and exit 2; --help still prints', async () => {
    const env = { NO_COLOR: '1', TMPDIR: '/nonexistent-proxy-conformance-tmp' };
    const r = await execa('node', [CLI, 'list'], { reject: false, env });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('proxy-conformance: TMPDIR names "/nonexistent-proxy-conformance-tmp", which cannot be used (ENOENT); create it or unset TMPDIR');
    const help = await execa('node', [CLI, '--help'], { reject: false, env });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/^Usage: proxy-conformance/);
  });

  test('naming a read-only folder is one sentence and exit 2, not an internal error at the first temp dir; --help still prints', () =>
    withTmpfs({ size: '64k', readOnly: true }, async (ro) => {
      const env = { NO_COLOR: '1', TMPDIR: ro };
      const r = await execa('node', [CLI, '--impl', path.join(REPO_ROOT, 'bin', 'reference-proxy.js'), '--run', 'tag:smoke', '--no-report'], { reject: false, env });
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toBe(`proxy-conformance: TMPDIR names ${JSON.stringify(ro)}, which cannot be written (EROFS); make it writable or unset TMPDIR`);
      const help = await execa('node', [CLI, '--help'], { reject: false, env });
      expect(help.exitCode).toBe(0);
      expect(help.stdout).toMatch(/^Usage: proxy-conformance/);
    }));
});
