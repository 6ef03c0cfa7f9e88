// .ci/debian-archive.py's closure: which Go library packages a source package's build needs, with
// the two pitfalls of Debian's archive handled (an alternative that duplicates a chosen package's
// files; a package that breaks an older version of a name another one now provides).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, test } from 'vitest';
import { REPO_ROOT } from './paths.js';

const SCRIPT = path.join(REPO_ROOT, '.ci', 'debian-archive.py');
const dir = mkdtempSync(path.join(tmpdir(), 'debian-closure-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SOURCES = `Package: skopeo
Version: 1.0-1
Build-Depends: debhelper-compat (= 13), golang-any, golang-github-a-dev (>> 1.0), libgpgme-dev, golang-github-proto-1-3-dev | golang-github-proto-1-5-dev

Package: skopeo
Version: 0.9-1
Build-Depends: golang-github-old-dev
`;

const PACKAGES = `Package: golang-github-a-dev
Version: 1.2-1
Architecture: all
Depends: golang-github-b-dev, golang-github-proto-1-5-dev, golang-github-common-dev

Package: golang-github-b-dev
Version: 2.0-1
Architecture: all
Breaks: golang-github-common-dev (<< 0.60)

Package: golang-github-common-dev
Version: 0.67-1
Architecture: all

Package: golang-github-proto-1-3-dev
Version: 1.3-1
Architecture: all
Conflicts: golang-github-proto-1-5-dev

Package: golang-github-proto-1-5-dev
Version: 1.5-1
Architecture: all

Package: golang-github-old-dev
Version: 1-1
Architecture: all

Package: libgpgme-dev
Version: 1-1
Architecture: amd64

Package: golang-any
Version: 2-1
Architecture: amd64
`;

async function closure(version: string, packages = PACKAGES) {
  const sources = path.join(dir, 'sources');
  const avail = path.join(dir, 'packages');
  writeFileSync(sources, SOURCES);
  writeFileSync(avail, packages);
  return execa('python3', [SCRIPT, 'closure', sources, version, avail], { reject: false });
}

describe('the Go library closure of a source package', () => {
  test('keeps golang *-dev packages reachable through Depends, prefers an alternative already chosen, respects versioned Breaks', async () => {
    const result = await closure('1.0-1');
    expect(result.stderr).toBe('');
    // proto-1-5 comes in through a's Depends, so the "1-3 | 1-5" alternative takes it, not the conflicting 1-3;
    // b breaks common only below 0.60, which the archive's 0.67 is not; C libraries and the toolchain stay out.
    expect(result.stdout.trim().split('\n')).toEqual(['golang-github-a-dev', 'golang-github-b-dev', 'golang-github-common-dev', 'golang-github-proto-1-5-dev']);
  });

  test('reads the Build-Depends of the version asked for', async () => {
    expect((await closure('0.9-1')).stdout.trim()).toBe('golang-github-old-dev');
  });

  test('a version the index does not list is an error naming it', async () => {
    const result = await closure('2.0-1');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('holds no source stanza of version 2.0-1');
  });

});
