// A folder that is built whole or not at all: written beside its place under a name of this process's
// own, then renamed into place, so that a reader never sees half of it. Used for contents that are the
// same whoever builds them (a cache entry by its key): when another process placed it first, its copy is kept.
import { rename, rm } from 'node:fs/promises';
import { registerTempDir } from './cleanup-on-exit.js';

/** Runs `fill` on a fresh folder beside `target` and renames that folder to `target`; the partial folder goes away whatever happens. */
export async function placeDirectory<T>(target: string, fill: (partial: string) => Promise<T>): Promise<T> {
  const partial = `${target}.partial-${process.pid}-${Date.now()}`;
  const release = registerTempDir(partial);
  try {
    const result = await fill(partial);
    try {
      await rename(partial, target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Another process placed the same contents first: keep theirs.
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
    }
    return result;
  } finally {
    await rm(partial, { recursive: true, force: true });
    release();
  }
}
