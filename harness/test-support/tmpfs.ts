// Small filesystems of a test's own: a tmpfs of a few KiB to fill up (a full disk) or mounted
// read-only. Mounting needs root, which CI has: without it these tests fail and say so, never skip.
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { requireTool } from './require-tool.js';

/**
 * Mounts a tmpfs with `options` (`size=40k`, `ro`…) on a fresh folder, runs `body` with it, then
 * unmounts and removes the folder whatever happens. `prepare` runs on the tmpfs while it is still
 * writable, before a `ro` mount is made read-only.
 */
export async function withTmpfs<T>(options: { size: string; readOnly?: boolean; prepare?: (dir: string) => Promise<void> }, body: (dir: string) => Promise<T>): Promise<T> {
  requireTool('mount', 'apt-get install -y mount');
  if (process.getuid?.() !== 0) throw new Error('this test mounts a tmpfs, which needs root (CI runs as root)');
  const dir = await mkdtemp(path.join(tmpdir(), 'pc-test-tmpfs-'));
  try {
    await execa('mount', ['-t', 'tmpfs', '-o', `size=${options.size},mode=0755`, 'tmpfs', dir]);
    try {
      await options.prepare?.(dir);
      if (options.readOnly) await execa('mount', ['-o', 'remount,ro', dir]);
      return await body(dir);
    } finally {
      await execa('umount', ['-l', dir]);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Fills the filesystem at `dir` up, then frees one page: 4 KiB are left, so a
 * larger write is cut short there and the next one fails with ENOSPC.
 */
export async function fillLeavingOnePage(dir: string): Promise<void> {
  const page = Buffer.alloc(4096, 0x2e);
  const filler: string[] = [];
  for (let i = 0; ; i++) {
    const file = path.join(dir, `.filler-${i}`);
    try {
      await writeFile(file, page);
      filler.push(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      await rm(file, { force: true });
      break;
    }
  }
  const last = filler.at(-1);
  if (last === undefined) throw new Error(`${dir} had no room for even one page`);
  await unlink(last);
}
