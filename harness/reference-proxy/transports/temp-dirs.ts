// The directories archives are extracted into: each removed when its image is closed, and any left
// removed when the process exits (or, for the executable, when a signal kills it).
import { rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';

/** Temporary directories still on disk, removed synchronously if the process exits first. */
const liveTempDirs = new Set<string>();
let exitHookInstalled = false;

export function trackTempDir(dir: string): void {
  liveTempDirs.add(dir);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', removeAllTempDirs);
}

/** Removes every extracted archive still on disk (the executable calls this on its way out). */
export function removeAllTempDirs(): void {
  for (const dir of liveTempDirs) rmSync(dir, { recursive: true, force: true });
  liveTempDirs.clear();
}

export async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  liveTempDirs.delete(dir);
}
