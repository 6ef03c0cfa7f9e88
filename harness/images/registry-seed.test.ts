// The fixtures reach a run's registry as a copy of the storage the first push left, not as a push:
// the copy is what the registry serves, it shares no file the registry rewrites with the kept one,
// and a kept copy the registry does not serve costs the push, never the run.
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { execa } from 'execa';
import path from 'node:path';
import { dir, type DirectoryResult } from 'tmp-promise';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { requireTool } from '../test-support/require-tool.js';
import { REGISTRY_INSTALL_HINT, startRegistry } from '../registry/start-registry.js';
import { buildFixtures } from './build-fixtures.js';
import { MANIFEST_ACCEPT, seedDir } from './registry-seed.js';

/** Every file under `dir`, relative to it. */
async function files(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

/** The docker:// images of a set built in `out`, each fetched by tag from its registry: the digests served. */
async function servedDigests(out: string): Promise<Array<string | null>> {
  const registry = await startRegistry();
  try {
    const set = await buildFixtures({ out, transports: ['docker'], registry });
    const storage = registry.storage!;
    const digests = await Promise.all(
      set.images.filter((image) => image.transport === 'docker').map(async (image) => {
        const reference = image.reference.replace(/^docker:\/\/[^/]+\//, '');
        const [repository, tag] = reference.split(':') as [string, string];
        const response = await fetch(`http://${registry.host}/v2/${repository}/manifests/${tag}`, {
          method: 'HEAD',
          headers: { accept: MANIFEST_ACCEPT },
        });
        return response.headers.get('docker-content-digest');
      }),
    );
    return [storage.key, ...digests];
  } finally {
    await registry.stop();
  }
}

/**
 * A fixture set of the test's own in `out`, with no kept registry storage: hard links to the test
 * run's shared set, which is built once (the fixtures never change once written; what this test
 * writes is a kept storage of its own beside them).
 */
async function ownFixtureSet(out: string): Promise<void> {
  const shared = await buildFixtures();
  await execa('cp', ['-al', shared.root, out]);
  for (const name of await readdir(out)) if (name.startsWith('registry-storage-')) await rm(path.join(out, name), { recursive: true });
}

describe('filling a run\'s registry with the fixtures', () => {
  // One fixture set for both tests, which run in order: the first keeps a copy, the second breaks it.
  let set: DirectoryResult;
  let out: string;
  let pushed: Array<string | null>;
  let key: string;
  beforeAll(async () => {
    requireTool('docker-registry', REGISTRY_INSTALL_HINT);
    set = await dir({ unsafeCleanup: true });
    out = path.join(set.path, 'fixtures');
    await ownFixtureSet(out);
    [key, ...pushed] = (await servedDigests(out)) as [string, ...Array<string | null>];
  });
  afterAll(async () => set?.cleanup());

  test('the first run pushes and keeps its storage; the next one copies it, blob contents linked and everything else its own', async () => {
    const seed = seedDir(out, key);
    const kept = await files(seed);
    expect(kept.filter((f) => f.endsWith('/data')).length).toBeGreaterThan(300);
    // The second registry serves the same digests, and its storage came from the kept copy.
    const registry = await startRegistry();
    try {
      await buildFixtures({ out, transports: ['docker'], registry });
      const storage = registry.storage!.dir;
      expect((await files(storage)).sort()).toEqual([...kept].sort());
      for (const file of kept.slice(0, 50)) {
        const [a, b] = await Promise.all([stat(path.join(seed, file)), stat(path.join(storage, file))]);
        expect(a.ino === b.ino, file).toBe(file.endsWith('/data'));
      }
    } finally {
      await registry.stop();
    }
    const [, ...copied] = await servedDigests(out);
    expect(copied).toEqual(pushed);
    expect(pushed.every((d) => d?.startsWith('sha256:'))).toBe(true);
  });

  test('a kept copy the registry does not serve is pushed over, and the run gets every image', async () => {
    // The kept copy loses its tags: a registry given it would not know a single image.
    const seed = seedDir(out, key);
    await rm(path.join(seed, 'docker/registry/v2/repositories'), { recursive: true });
    await mkdir(path.join(seed, 'docker/registry/v2/repositories'));
    const [, ...again] = await servedDigests(out);
    expect(again).toEqual(pushed);
  });
});
