// Every file the harness writes for a user (baselines, reports, findings, fixture caches) is
// replaced, never rewritten in place: the new bytes go to a file beside it, every one of them (a
// write may take only part of a buffer, as on a disk that is filling up), are fsynced and their
// size checked, and the file is renamed over the old one. A full disk, a crash or a Ctrl-C leaves
// the old file or the new one, never a truncated mix.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { registerExitCleanup } from './cleanup-on-exit.js';

/** Replaces `file` with `data` atomically (write beside, fsync, rename); the folder must exist. */
export async function replaceFile(file: string, data: string | Uint8Array): Promise<void> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  // The file beside goes with a Ctrl-C too; the old file keeps its mode.
  const release = registerExitCleanup(() => rmSync(temp, { force: true }));
  const mode = await stat(file).then((s) => s.mode & 0o7777, () => undefined);
  let handle: FileHandle | undefined;
  try {
    handle = await open(temp, 'wx', mode ?? 0o666);
    if (mode !== undefined) await handle.chmod(mode);
    await writeAll(handle, bytes);
    await handle.sync();
    const { size } = await handle.stat();
    if (size !== bytes.byteLength) throw new Error(`${temp} holds ${size} of the ${bytes.byteLength} bytes written`);
    await handle.close();
    handle = undefined;
    await rename(temp, file);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  } finally {
    release();
  }
  await syncFolder(path.dirname(file));
}

/** {@link replaceFile} with a JSON document, two-space indented and ending in a newline. */
export async function replaceJsonFile(file: string, value: unknown): Promise<void> {
  await replaceFile(file, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Writes all of `bytes`: one write(2) may take fewer bytes than it was given (a disk with less room
 * left than the buffer), and the next one then fails with the reason (ENOSPC, EFBIG).
 */
async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  let written = 0;
  while (written < bytes.byteLength) {
    const { bytesWritten } = await handle.write(bytes, written, bytes.byteLength - written);
    if (bytesWritten <= 0) throw new Error(`write took none of the ${bytes.byteLength - written} bytes left`);
    written += bytesWritten;
  }
}

/** The rename is durable once its folder is synced; a folder that cannot be opened for it is left as it is. */
async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  if (handle === undefined) return;
  try {
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on a folder: the rename stands, only its durability is the filesystem's.
  } finally {
    await handle.close();
  }
}
