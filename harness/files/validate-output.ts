// Where a run will write, checked before its first case: a report folder that is a file, lies under
// a file or cannot be written would otherwise be found after the whole run, with its results lost.
import { randomBytes } from 'node:crypto';
import { open, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { HarnessError } from '../errors.js';

/**
 * Throws PC_USAGE (one sentence naming `what`) unless `dir` is, or can be made as, a writable
 * folder: it must be a folder if it exists, and its nearest existing ancestor must take a new file.
 */
export async function validateWritableDir(dir: string, what: string): Promise<void> {
  let existing = path.resolve(dir);
  for (;;) {
    let isDir: boolean;
    try {
      isDir = (await stat(existing)).isDirectory();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code === 'ENOENT' || code === 'ENOTDIR') && path.dirname(existing) !== existing) {
        existing = path.dirname(existing);
        continue;
      }
      throw new HarnessError('PC_USAGE', `${what} ${dir} cannot be used: ${(error as Error).message}`, { cause: error });
    }
    if (!isDir) {
      const where = existing === path.resolve(dir) ? 'is a file, not a directory' : `lies under ${existing}, which is not a directory`;
      throw new HarnessError('PC_USAGE', `${what} ${dir} ${where}`);
    }
    break;
  }
  const why = await whyNotWritable(existing);
  if (why !== null) throw new HarnessError('PC_USAGE', `${what} ${dir} cannot be written: ${why} in ${existing}`);
}

/**
 * Why no new file can be made in the folder `dir` (an errno code: EROFS, EACCES…), or null when one
 * can. It creates and removes one: the only test that sees read-only mounts and root alike.
 */
export async function whyNotWritable(dir: string): Promise<string | null> {
  const probe = path.join(dir, `.proxy-conformance-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const handle = await open(probe, 'wx');
    await handle.close();
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  }
  await rm(probe, { force: true });
  return null;
}
