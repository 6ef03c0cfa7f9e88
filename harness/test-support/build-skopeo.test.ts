// .ci/build-skopeo says why it stops: where the archive has no Go toolchain to build with, the script
// (set -euo pipefail) must reach its own message, not end silently inside the pipeline that looked.
// apt-get, apt-cache and python3 (the archive lookup) are stand-ins on PATH; nothing is fetched.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, test } from 'vitest';
import { REPO_ROOT } from './paths.js';

const SCRIPT = path.join(REPO_ROOT, '.ci', 'build-skopeo');
const dir = mkdtempSync(path.join(tmpdir(), 'build-skopeo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in directory first on PATH; `apt-cache` answers `pkgnames` and `show` with the given printf text (and exit code). */
function standIns(name: string, apt: { pkgnames: string; show: { out: string; code: number } }): string {
  const bin = path.join(dir, name, 'bin');
  mkdirSync(bin, { recursive: true });
  const write = (file: string, body: string) => {
    writeFileSync(path.join(bin, file), `#!/bin/sh\n${body}\n`);
    chmodSync(path.join(bin, file), 0o755);
  };
  write('python3', "printf 'file:///nowhere/debian\\t\\n'");
  write('apt-get', 'exit 0');
  write(
    'apt-cache',
    `for a in "$@"; do
  case $a in
    pkgnames) printf '${apt.pkgnames}'; exit 0 ;;
    show) printf '${apt.show.out}'; [ ${apt.show.code} -eq 0 ] || echo 'E: No packages found' >&2; exit ${apt.show.code} ;;
  esac
done
exit 0`,
  );
  return bin;
}

async function buildWith(bin: string, name: string) {
  return execa(SCRIPT, ['sid', '1.22.0+ds1-1'], {
    reject: false,
    stdin: 'ignore',
    env: { PATH: `${bin}:${process.env.PATH ?? ''}`, PC_CACHE_DIR: path.join(dir, name, 'cache') },
  });
}

describe('.ci/build-skopeo without a Go toolchain in the archive', () => {
  test('says that the suite has no golang-1.x-go package, when the package list has none', async () => {
    const bin = standIns('no-package', { pkgnames: 'golang-src\\ngolang-1.22-doc\\n', show: { out: '', code: 0 } });
    const r = await buildWith(bin, 'no-package');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('build-skopeo 1.22.0+ds1-1: no golang-1.x-go package in sid');
  });

  test('says that the package has no version, when apt-cache show finds nothing', async () => {
    const bin = standIns('no-version', { pkgnames: 'golang-1.24-go\\n', show: { out: '', code: 100 } });
    const r = await buildWith(bin, 'no-version');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('E: No packages found');
    expect(r.stderr).toContain('build-skopeo 1.22.0+ds1-1: apt-cache show golang-1.24-go found no version of it in sid');
  });
});
