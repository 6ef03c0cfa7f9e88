// The oci-archive: transport, `oci-archive:FILE[:TAG]`: an OCI layout in a tar file. Like skopeo,
// every opened image extracts the archive into its own temporary directory, read as an oci: layout
// and removed when the image is closed (or the proxy exits).
import { createReadStream, createWriteStream, rmSync, type ReadStream } from 'node:fs';
import { once } from 'node:events';
import { link, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { extract as makeExtract } from 'tar-stream';
import { goQuoteQ } from '../go/quote.js';
import { pathError, ProxyError } from '../proxy-error.js';
import { resolvePathToFullyExplicit } from './explicit-path.js';
import { OciLayoutReference, splitPathAndImage, validateImageName } from './oci-layout.js';
import { ImageNotFoundError, type ImageReference, type ImageSource } from './source.js';

/** Temporary directories still on disk, removed synchronously if the process exits first. */
const liveTempDirs = new Set<string>();
let exitHookInstalled = false;

export function trackTempDir(dir: string): void {
  liveTempDirs.add(dir);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', removeAllTempDirs);
}

/** Removes every extracted archive still on disk (the server calls this on its way out). */
export function removeAllTempDirs(): void {
  for (const dir of liveTempDirs) rmSync(dir, { recursive: true, force: true });
  liveTempDirs.clear();
}

export async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  liveTempDirs.delete(dir);
}

export async function parseOciArchiveReference(name: string, within: string): Promise<ImageReference> {
  const { dir: file, image } = splitPathAndImage(within);
  const resolvedFile = await resolvePathToFullyExplicit(file);
  validateImageName(image);
  return new OciArchiveReference(name, resolvedFile, image);
}

class OciArchiveReference implements ImageReference {
  readonly transport = 'oci-archive';
  constructor(
    readonly name: string,
    private readonly resolvedFile: string,
    private readonly image: string,
  ) {}

  async newImageSource(): Promise<ImageSource> {
    const dir = await this.extract();
    try {
      const layout = new OciLayoutReference(this.name, dir, this.image);
      const source = await layout.newImageSource();
      return Object.assign(source, { close: () => removeTempDir(dir) });
    } catch (error) {
      await removeTempDir(dir);
      if (error instanceof ImageNotFoundError) throw new ImageNotFoundError(`no descriptor found for reference ${goQuoteQ(this.image)}`);
      throw error;
    }
  }

  private async extract(): Promise<string> {
    const input = createReadStream(this.resolvedFile);
    try {
      await new Promise<void>((resolve, reject) => {
        input.once('open', () => resolve());
        input.once('error', reject);
      });
    } catch (error) {
      input.destroy();
      if ((error as { code?: string }).code === 'ENOENT') {
        throw new ImageNotFoundError(`creating temp directory: archive file not found: ${goQuoteQ(this.resolvedFile)}`);
      }
      throw new ProxyError(`creating temp directory: ${pathError('open', this.resolvedFile, error).message}`);
    }
    const dir = await mkdtemp(path.join(os.tmpdir(), 'reference-proxy-oci-archive-'));
    trackTempDir(dir);
    try {
      await untar(input, dir);
    } catch (error) {
      input.destroy();
      await removeTempDir(dir);
      throw new ProxyError(`creating temp directory: untarring file ${goQuoteQ(dir)}: ${(error as Error).message}`);
    }
    return dir;
  }
}

/** Extracts regular files, directories and links that stay inside `dest`, streaming each file. */
export async function untar(input: ReadStream, dest: string): Promise<void> {
  const inside = (name: string): string => {
    const target = path.join(dest, path.normalize(`/${name}`));
    if (path.relative(dest, target).startsWith('..')) throw new Error(`${JSON.stringify(name)} is outside of ${JSON.stringify(dest)}`);
    return target;
  };
  const extract = makeExtract();
  input.once('error', (error) => extract.destroy(error));
  input.pipe(extract);
  for await (const entry of extract) {
    const { header } = entry;
    const target = inside(header.name);
    if (header.type === 'file' || header.type === 'contiguous-file') {
      await mkdir(path.dirname(target), { recursive: true });
      const out = createWriteStream(target, { mode: 0o644 });
      for await (const chunk of entry) if (!out.write(chunk)) await once(out, 'drain');
      out.end();
      await finished(out);
      continue;
    }
    entry.resume();
    if (header.type === 'directory') await mkdir(target, { recursive: true });
    else if (header.type === 'symlink') {
      inside(path.join(path.dirname(header.name), header.linkname));
      await mkdir(path.dirname(target), { recursive: true });
      await symlink(header.linkname, target);
    } else if (header.type === 'link') {
      await mkdir(path.dirname(target), { recursive: true });
      await link(inside(header.linkname), target);
    }
  }
}
