// --update-baseline and --baseline against what goes wrong: a baseline that does not parse, an
// implementation that never starts, a folder that does not exist yet, output paths that cannot be
// written. Each is found before the first case, or leaves the recorded file as it was.
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { withDir } from 'tmp-promise';
import { describe, expect, test } from 'vitest';
import { cliRunner, UNHURRIED } from '../../test-support/cli.js';
import { EXITS_AT_ONCE, MINI_PROXY, REPO_ROOT } from '../../test-support/paths.js';
import { withTmpfs } from '../../test-support/tmpfs.js';

const runCli = cliRunner();
const REFERENCE = path.join(REPO_ROOT, 'bin', 'reference-proxy.js');
const SCHEMA = path.join(REPO_ROOT, 'specs', 'baseline.schema.json');
const inDir = (body: (dir: string) => Promise<void>) => withDir(({ path: dir }) => body(dir), { unsafeCleanup: true });

const RECORDED = {
  $schema: '../baseline.schema.json',
  implementation: 'my proxy, built from main',
  protocol: '0.2.3',
  cases: {
    'manifest/golden': { status: 'fail', reason: 'we know: the manifest is re-serialized' },
    'registry/manifest/oci': { status: 'fail', reason: 'registry quirk, recorded with a registry' },
  },
};

describe('--update-baseline keeps what it cannot improve on', () => {
  test('a baseline that does not validate is exit 2 before the first case, and the file is untouched', () =>
    inDir(async (dir) => {
      const file = path.join(dir, 'baseline.json');
      const text = `<<<<<<< HEAD\n${JSON.stringify(RECORDED)}\n`;
      await writeFile(file, text);
      const r = await runCli(['--impl', MINI_PROXY, '--run', 'tag:smoke', ...UNHURRIED, '--baseline', file, '--update-baseline', '--no-report']);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toMatch(/cannot read baseline .*baseline\.json/);
      expect(r.stdout).not.toMatch(/manifest\/golden/);
      expect(await readFile(file, 'utf8')).toBe(text);
    }));

  test('an implementation that never starts writes no baseline and fails the run', () =>
    inDir(async (dir) => {
      const file = path.join(dir, 'baseline.json');
      const text = `${JSON.stringify(RECORDED, null, 2)}\n`;
      await writeFile(file, text);
      const r = await runCli(['--impl', EXITS_AT_ONCE, '--run', 'tag:smoke', '--baseline', file, '--update-baseline', '--no-report']);
      expect(r.stdout).toMatch(/baseline not written: .* is unchanged, the implementation never started/);
      expect(r.exitCode).toBe(1);
      expect(await readFile(file, 'utf8')).toBe(text);
    }));

  test('creates its folder, keeps the implementation string, writes a $schema that resolves, and keeps records the environment made n/a', () =>
    inDir(async (dir) => {
      const fresh = path.join(dir, 'baselines', 'new', 'mini.json');
      const r1 = await runCli(['--impl', MINI_PROXY, '--impl-arg=--fault', '--impl-arg=wrong-manifest-byte', '--run', 'tag:smoke', ...UNHURRIED, '--baseline', fresh, '--update-baseline', '--no-report']);
      expect(r1.stderr).toBe('');
      expect(r1.exitCode).toBe(0);
      const made = JSON.parse(await readFile(fresh, 'utf8')) as { $schema: string; implementation: string; cases: Record<string, unknown> };
      // A path from the file's folder to the package's schema, wherever the clone and the temp folder are.
      expect(path.resolve(path.dirname(fresh), made.$schema)).toBe(SCHEMA);
      // No version string (mini-proxy answers no --version) and no shipped record: its name and protocol.
      expect(made.implementation).toBe('mini-proxy.py, protocol 0.2.3');
      expect(Object.keys(made.cases)).toEqual(['manifest/golden']);

      const kept = path.join(dir, 'kept.json');
      await writeFile(kept, JSON.stringify(RECORDED));
      const r2 = await runCli(['--impl', MINI_PROXY, '--impl-arg=--fault', '--impl-arg=wrong-manifest-byte', '--run', 'manifest/golden', '--run', 'registry/manifest/oci', '--no-registry', ...UNHURRIED, '--baseline', kept, '--update-baseline', '--no-report']);
      expect(r2.exitCode).toBe(0);
      const after = JSON.parse(await readFile(kept, 'utf8')) as typeof RECORDED;
      expect(after.implementation).toBe(RECORDED.implementation);
      // The old file's `../baseline.schema.json` does not resolve from a temp folder: the written reference does.
      expect(path.resolve(dir, after.$schema)).toBe(SCHEMA);
      expect(after.cases).toEqual(RECORDED.cases);
    }));
});

describe('cases that never ran prove nothing', () => {
  test('an implementation that cannot start does not match a baseline of plain failures', () =>
    inDir(async (dir) => {
      const file = path.join(dir, 'baseline.json');
      await writeFile(file, JSON.stringify({ ...RECORDED, cases: { 'manifest/golden': { status: 'fail', reason: 'r' }, 'lifecycle/initialize-semver': { status: 'fail', reason: 'r' } } }));
      const r = await runCli(['--impl', EXITS_AT_ONCE, '--run', 'manifest/golden', '--run', 'lifecycle/initialize-semver', '--baseline', file, '--no-report']);
      expect(r.stdout).not.toMatch(/\[expected: baseline\]|[1-9]\d* recorded outcomes matched/);
      expect(r.stdout).toMatch(/REGRESSION  manifest\/golden: expected fail, got fail: not run: /);
      expect(r.exitCode).toBe(1);
    }));

  test('without a baseline, never-run cases are not tagged as known deviations', async () => {
    const r = await runCli(['--impl', EXITS_AT_ONCE, '--run', 'tag:smoke', '--no-report']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/not run: /);
    expect(r.stdout).not.toMatch(/known .* deviation/);
  });
});

describe('outputs are checked before the first case', () => {
  const smoke = ['--impl', REFERENCE, '--run', 'tag:smoke', ...UNHURRIED];
  test('a --report-dir that is a file, or lies under one, is exit 2 with one sentence', () =>
    inDir(async (dir) => {
      const file = path.join(dir, 'a-file');
      await writeFile(file, 'x');
      for (const [reportDir, said] of [[file, /--report-dir .*a-file is a file, not a directory/], [path.join(file, 'sub'), /lies under .*a-file, which is not a directory/]] as const) {
        const r = await runCli([...smoke, '--report-dir', reportDir]);
        expect(r.exitCode).toBe(2);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toMatch(said);
        expect(r.stdout).not.toMatch(/initialize-semver/);
      }
    }));

  test('a read-only --report-dir is exit 2 before the first case', async () => {
    // root writes whatever the mode bits say: as root the folder is a read-only mount.
    const readOnly = (body: (dir: string) => Promise<void>) =>
      process.getuid?.() === 0 ? withTmpfs({ size: '64k', readOnly: true }, body) : inDir(async (dir) => { await chmod(dir, 0o555); try { await body(dir); } finally { await chmod(dir, 0o755); } });
    await readOnly(async (ro) => {
      const r = await runCli([...smoke, '--report-dir', path.join(ro, 'reports')]);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toMatch(/^proxy-conformance: --report-dir .*reports cannot be written: (EROFS|EACCES) in /);
      expect(r.stdout).not.toMatch(/initialize-semver/);
    });
  });

  test('--update-baseline of a baseline on a read-only filesystem is exit 2 before the first case, the file untouched', () =>
    withTmpfs({ size: '64k', readOnly: true, prepare: (dir) => writeFile(path.join(dir, 'baseline.json'), JSON.stringify(RECORDED)) }, async (ro) => {
      const file = path.join(ro, 'baseline.json');
      const r = await runCli([...smoke, '--baseline', file, '--update-baseline', '--no-report']);
      expect(r.exitCode).toBe(2);
      expect(r.stderr.trim()).toBe(`proxy-conformance: cannot write baseline ${file}: EROFS in ${ro}`);
      expect(r.stdout).not.toMatch(/initialize-semver/);
      expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(RECORDED);
    }));

  test('--baseline DIR --update-baseline is exit 2 before the first case', () =>
    inDir(async (dir) => {
      const r = await runCli([...smoke, '--baseline', dir, '--update-baseline', '--no-report']);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toMatch(/--update-baseline needs a file, and .* is not one/);
      expect(r.stdout).not.toMatch(/initialize-semver/);
      expect(existsSync(path.join(dir, 'baseline.json'))).toBe(false);
    }));
});
