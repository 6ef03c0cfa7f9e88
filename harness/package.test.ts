import { readFileSync } from 'node:fs';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './test-support/paths.js';

interface PackedFile {
  path: string;
}

const manifest = JSON.parse(readFileSync(`${REPO_ROOT}/package.json`, 'utf8')) as {
  scripts: Record<string, string>;
  exports: Record<string, unknown>;
  gypfile?: boolean;
  files: string[];
};

async function packedFiles(): Promise<string[]> {
  const { stdout } = await execa('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT });
  return (JSON.parse(stdout) as Array<{ files: PackedFile[] }>)[0]!.files.map((f) => f.path);
}

describe('the packed package', () => {
  it('holds what a consumer runs: both executables, the library entry and its types, the schemas and data, the golden fixtures and the addon source for a fallback build', async () => {
    const files = new Set(await packedFiles());
    for (const needed of [
      'bin/proxy-conformance.js',
      'bin/reference-proxy.js',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/bundle/cli.js',
      'dist/bundle/reference-proxy.js',
      'dist/bundle/session-host.js',
      'dist/bundle/shim.js',
      'specs/methods.json',
      'specs/versions.json',
      'specs/transports.json',
      'specs/deviations.json',
      'specs/results.schema.json',
      'specs/expected/skopeo-1.9.3.json',
      'specs/scenarios/getblob.json',
      'fixtures/golden/seed-20240101.json',
      'addon/fdpass.cc',
      'binding.gyp',
      'package.json',
      'README.md',
      'LICENSE',
      'docs/ci.md',
      'docs/clients.md',
      'docs/results.md',
    ]) {
      expect(files.has(needed), needed).toBe(true);
    }
  });

  it('holds nothing test-only: no tests, test support, benchmarks, the bundling step or source maps of unshipped sources', async () => {
    const files = await packedFiles();
    expect(files.filter((f) => /\.test\.|test-support|^dist\/(bench|packaging)\/|\.map$|^harness\//.test(f))).toEqual([]);
  });

  it('ships prebuilt addons and runs no script at a consumer\'s install (no compiler, no TypeScript needed there)', () => {
    expect(manifest.files).toContain('prebuilds/');
    expect(manifest.scripts.prepack).toContain('prebuilds');
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(manifest.scripts[hook], hook).toBeUndefined();
    // Without this, npm adds `node-gyp rebuild` as an install script because binding.gyp exists.
    expect(manifest.gypfile).toBe(false);
  });

  it('exports the barrel and package.json, and nothing under harness/ or dist/ by path', () => {
    expect(Object.keys(manifest.exports).sort()).toEqual(['.', './package.json']);
  });

  it('names the public surface in its barrel (results, verdicts, baselines, the reference proxy) and no transport internals', async () => {
    const barrel = (await import('./index.js')) as Record<string, unknown>;
    for (const name of ['readReport', 'RESULTS_FORMAT', 'VERDICT_STATUSES', 'exitCodeFor', 'readBaseline', 'compareToBaseline', 'serveSession', 'FAULT_NAMES', 'runSuite', 'loadSuite', 'Implementation']) {
      expect(barrel[name], name).toBeDefined();
    }
    for (const internal of ['PacketSocket', 'readPipe', 'Transcript', 'FdWatcher']) expect(barrel[internal], internal).toBeUndefined();
  });
});
