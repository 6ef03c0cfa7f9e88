// The prerequisites are named once (prerequisites.ts); README, docs/ci.md's apt list and action.yml's
// install step must name the same set, and `doctor` must find them or say how to install them.
import { mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT } from '../test-support/paths.js';
import { installLines, PREREQUISITES } from './prerequisites.js';

const read = (file: string) => readFile(path.join(REPO_ROOT, file), 'utf8');
const RUN_PACKAGES = PREREQUISITES.filter((p) => p.use === 'run').flatMap((p) => p.debian);
/** What docs/ci.md's job installs besides the prerequisites: Node itself and what npm and TLS need. */
const CI_BASE = ['nodejs', 'npm', 'python3', 'ca-certificates'];

describe('the prerequisites, named the same everywhere', () => {
  it("docs/ci.md's apt list installs exactly what a run needs (and Node), and no zstd", async () => {
    const line = (await read('docs/ci.md')).match(/apt-get install -y --no-install-recommends ([^\n]+)/)?.[1];
    expect(line?.trim().split(/\s+/).sort()).toEqual([...RUN_PACKAGES, ...CI_BASE].sort());
  });

  it("action.yml's install step installs what a run needs", async () => {
    const action = await read('action.yml');
    const installed = [...action.matchAll(/missing\+=\(([\w.-]+)\)/g)].map((m) => m[1]);
    expect(installed.sort()).toEqual([...RUN_PACKAGES].sort());
    expect(action).not.toMatch(/zstd/);
  });

  it("README's prerequisites table has a row per prerequisite with its Debian and Fedora packages", async () => {
    const readme = await read('README.md');
    const section = readme.slice(readme.indexOf('### Prerequisites'), readme.indexOf('## Running it'));
    const rows = section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| needed') && !l.startsWith('|---'));
    expect(rows).toHaveLength(PREREQUISITES.length);
    for (const p of PREREQUISITES) {
      const row = rows.find((r) => r.startsWith(`| ${p.name} |`));
      expect(row, p.name).toBeDefined();
      for (const pkg of [...p.debian, ...(p.fedora ?? [])]) expect(row, `${p.name}: ${pkg}`).toContain(pkg);
    }
    const { debian, fedora } = installLines(PREREQUISITES.filter((p) => p.use === 'run'));
    expect(section).toContain(debian!.replace(/^sudo /, 'sudo '));
    expect(section).toContain(fedora!);
  });
});

describe('doctor', () => {
  it('lists what a run lacks with the install lines, exit 1, and finds skopeo and docker-registry when they are there', async () => {
    // A PATH with every command of this machine but skopeo and docker-registry.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'proxy-conformance-doctor-'));
    try {
      for (const bin of ['/usr/bin', '/usr/sbin']) {
        for (const name of await readdir(bin).catch(() => [] as string[])) {
          if (name === 'skopeo' || name === 'docker-registry') continue;
          await symlink(path.join(bin, name), path.join(dir, name)).catch(() => undefined);
        }
      }
      const missing = await execa(process.execPath, [CLI, 'doctor'], { reject: false, env: { PATH: dir } });
      expect(missing.stdout).toMatch(/^ {2}MISSING {2}skopeo: skopeo is not on PATH/m);
      expect(missing.stdout).toMatch(/^ {2}MISSING {2}docker-registry: docker-registry is not on PATH/m);
      expect(missing.stdout).toContain('install (Debian/Ubuntu): sudo apt-get install -y skopeo docker-registry');
      expect(missing.stdout).toContain('install (Fedora): sudo dnf install -y skopeo docker-distribution');
      expect(missing.stdout).toMatch(/zstd: none needed/);
      expect(missing.exitCode).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const present = await execa(process.execPath, [CLI, 'doctor'], { reject: false });
    expect(present.stdout).toMatch(/^ {2}found {4}skopeo: \S+skopeo: skopeo version \d/m);
    expect(present.stdout).toMatch(/^ {2}found {4}docker-registry: /m);
    expect(present.stdout).toMatch(/^a run has what it needs/m);
    expect(present.exitCode).toBe(0);
  });
});
