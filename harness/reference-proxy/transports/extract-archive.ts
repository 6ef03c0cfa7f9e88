// An archive file extracted into a temporary directory of its own, tracked until the image is
// closed or the process exits; each transport words its own errors, as skopeo's do.
import { createReadStream } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { removeTempDir, trackTempDir } from './temp-dirs.js';
import { untar } from './untar.js';

interface ExtractErrors {
  /** The error for an archive file that cannot be opened. */
  open(error: unknown): Error;
  /** The error for an archive that cannot be untarred into `dir`. */
  untar(dir: string, error: Error): Error;
}

/** Opens `file` before making any directory, then untars it into a fresh `reference-proxy-<transport>-` directory under TMPDIR. */
export async function extractArchive(file: string, transport: string, errors: ExtractErrors): Promise<string> {
  const input = createReadStream(file);
  try {
    await new Promise<void>((resolve, reject) => {
      input.once('open', () => resolve());
      input.once('error', reject);
    });
  } catch (error) {
    input.destroy();
    throw errors.open(error);
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), `reference-proxy-${transport}-`));
  trackTempDir(dir);
  try {
    await untar(input, dir);
  } catch (error) {
    input.destroy();
    await removeTempDir(dir);
    throw errors.untar(dir, error as Error);
  }
  return dir;
}
