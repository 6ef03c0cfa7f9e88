// The dir: transport, `dir:DIR`: manifest.json, instances as HEX.manifest.json, blobs named by
// their hex digest. Nothing is read when the source opens; the manifest is read on first use.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDigest, type Digest } from '../image/digest.js';
import { guessMimeType } from '../image/manifest.js';
import { pathError } from '../proxy-error.js';
import { resolvePathToFullyExplicit } from './explicit-path.js';
import { openBlobFile } from './file-blob.js';
import type { ImageReference, ImageSource, RawManifest } from '../image/source.js';

export async function parseDirReference(name: string, within: string): Promise<ImageReference> {
  const resolved = await resolvePathToFullyExplicit(within);
  return new DirReference(name, within, resolved);
}

/** Blobs (and instance manifests) are named by the digest's hex part alone, whatever the algorithm. */
function fileNameOf(digest: Digest): string {
  return digest.hex;
}

class DirReference implements ImageReference {
  readonly transport = 'dir';
  constructor(
    readonly name: string,
    private readonly dir: string,
    readonly policyIdentity: string,
  ) {}

  async newImageSource(): Promise<ImageSource> {
    return new DirSource(this.dir);
  }
}

class DirSource implements ImageSource {
  constructor(private readonly dir: string) {}

  async getManifest(instanceDigest?: string): Promise<RawManifest> {
    let file = path.join(this.dir, 'manifest.json');
    if (instanceDigest !== undefined) {
      file = path.join(this.dir, `${fileNameOf(parseDigest(instanceDigest))}.manifest.json`);
    }
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      throw pathError('open', file, error);
    }
    return { bytes, mimeType: guessMimeType(bytes) };
  }

  async openBlob(digest: Digest) {
    return openBlobFile(path.join(this.dir, fileNameOf(digest)));
  }

  async close(): Promise<void> {}
}
