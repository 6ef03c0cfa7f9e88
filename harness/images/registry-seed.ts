// Pushing the fixtures into a run's fresh registry is about a thousand HTTP requests and seconds of
// the registry's CPU, for every run with registry cases. The registry keeps what it was sent as
// plain files (distribution's filesystem layout), so the storage of the first push is kept beside
// the fixture set, keyed by the registry program that wrote it, and later runs copy those files into
// their registry's empty storage instead. A copy the registry does not serve gets the push.
import { createHash } from 'node:crypto';
import { copyFile, link, mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { placeDirectory } from '../files/place-dir.js';
import { MEDIA } from './media-types.js';
import { pushRegistryPlan, type RegistryPlan } from './push-registry.js';
import type { RegistryHandle } from './types.js';

/** The manifest types the fixtures are pushed as, as an Accept header: a tag is looked up as any of them. */
export const MANIFEST_ACCEPT = [MEDIA.ociIndex, MEDIA.ociManifest, MEDIA.dockerList, MEDIA.dockerManifest].join(', ');
const CHECK_TIMEOUT_MS = 30_000;

/** Where a registry run from `executable` keeps its files, and the key its seeds are kept under (undefined: a program that cannot be found is never seeded). */
export async function registryStorage(executable: string, dir: string): Promise<RegistryHandle['storage']> {
  try {
    const program = await stat(executable);
    const key = createHash('sha256').update(`${path.resolve(executable)}\0${program.size}\0${program.mtimeMs}`).digest('hex').slice(0, 12);
    return { dir, key };
  } catch {
    return undefined;
  }
}

/** Puts the plan's images into `registry`: a copy of the kept storage when there is one it serves, else the push (then kept). */
export async function fillRegistry(root: string, plan: RegistryPlan, registry: RegistryHandle, signal?: AbortSignal): Promise<void> {
  const storage = registry.storage;
  if (storage === undefined) return pushRegistryPlan(registry.host, root, plan, signal);
  const seed = seedDir(root, storage.key);
  // A kept copy that cannot be copied or is not served costs the push, never the run.
  if ((await isDirectory(seed)) && (await copyStorage(seed, storage.dir).then(() => true, () => false)) && (await servesEveryTag(registry.host, plan))) return;
  await pushRegistryPlan(registry.host, root, plan, signal);
  // A copy that cannot be kept (a full disk, a read-only set) only costs the next run the push.
  if (!signal?.aborted) await keepSeed(storage.dir, seed).catch(() => undefined);
}

async function isDirectory(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isDirectory();
  } catch {
    return false;
  }
}

/** True when the registry answers every pushed tag with the manifest the plan pushed under it. */
async function servesEveryTag(host: string, plan: RegistryPlan): Promise<boolean> {
  const answers = await Promise.all(
    plan.map(async (entry) => {
      try {
        const response = await fetch(`http://${host}/v2/${entry.repository}/manifests/${entry.tag}`, {
          method: 'HEAD',
          headers: { accept: MANIFEST_ACCEPT },
          signal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
        });
        return response.status === 200 && response.headers.get('docker-content-digest') === entry.manifests.at(-1)?.digest;
      } catch {
        return false;
      }
    }),
  );
  return answers.every(Boolean);
}

/** Copies the registry's storage beside the set and renames it into place, so a reader never copies half of it. */
function keepSeed(storage: string, seed: string): Promise<void> {
  return placeDirectory(seed, (partial) => copyStorage(storage, partial));
}

/**
 * Copies a registry's storage tree. Blob contents (`data`) are hard links: distribution writes a blob
 * once, into a new file it renames into place, and never rewrites one, so a registry that is sent
 * anything cannot change the kept copy; the small files it rewrites in place (tag links) are copied,
 * and so is a blob where the two trees cannot share files (another filesystem).
 */
async function copyStorage(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  const entries = await readdir(from, { withFileTypes: true });
  await Promise.all(
    entries.map((entry) => {
      const source = path.join(from, entry.name);
      const target = path.join(to, entry.name);
      if (entry.isDirectory()) return copyStorage(source, target);
      return entry.name === 'data' ? link(source, target).catch(() => copyFile(source, target)) : copyFile(source, target);
    }),
  );
}

/** The kept storage a registry program (its storage key) gets a copy of, under a fixture set's root. */
export function seedDir(root: string, key: string): string {
  return path.join(root, `registry-storage-${key}`);
}
