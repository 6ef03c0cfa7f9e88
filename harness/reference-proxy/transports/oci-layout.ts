// The oci: transport, `oci:DIR[:TAG]` or `oci:DIR:@INDEX`: an OCI image layout directory. The tag
// is looked up in index.json when the source opens (OpenImage); manifests and blobs are read from
// blobs/ALGORITHM/HEX, so any blob present there is served, referenced by the image or not.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { goQuoteQ } from '../go/quote.js';
import { goUnmarshal } from '../go/struct.js';
import { parseDigest } from '../image/digest.js';
import { OCI_LAYOUT_INDEX, type Descriptor } from '../image/image-types.js';
import { guessMimeType, MIME } from '../image/manifest.js';
import { pathError, ProxyError } from '../proxy-error.js';
import { resolvePathToFullyExplicit } from './explicit-path.js';
import { openBlobFile } from './file-blob.js';
import { ImageNotFoundError, type ImageReference, type ImageSource, type RawManifest } from '../image/source.js';

const REF_NAME_ANNOTATION = 'org.opencontainers.image.ref.name';

// The OCI annotation grammar for ref names, as containers/image checks it.
const SEPARATOR = '(?:[-._:@+]|--)';
const ALPHANUM = '(?:[A-Za-z0-9]+)';
const COMPONENT = `(?:${ALPHANUM}(?:${SEPARATOR}${ALPHANUM})*)`;
const REF_NAME = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);

export function validateImageName(image: string): void {
  if (image !== '' && !REF_NAME.test(image)) throw new ProxyError(`Invalid image ${image}`);
}

/** Splits `DIR[:TAG]` at the first colon (Linux: a directory cannot contain one here). */
export function splitPathAndImage(reference: string): { dir: string; image: string } {
  const i = reference.indexOf(':');
  return i === -1 ? { dir: reference, image: '' } : { dir: reference.slice(0, i), image: reference.slice(i + 1) };
}

export async function parseOciReference(name: string, within: string): Promise<OciLayoutReference> {
  const { dir, image: rawImage } = splitPathAndImage(within);
  let image = rawImage;
  let sourceIndex = -1;
  if (rawImage.startsWith('@')) {
    const text = rawImage.slice(1);
    if (!/^[+-]?\d+$/.test(text)) throw new ProxyError(`Invalid source index @${text}: not an integer: strconv.Atoi: parsing ${goQuoteQ(text)}: invalid syntax`);
    sourceIndex = Number(text);
    if (sourceIndex < 0) throw new ProxyError(`Invalid source index @${sourceIndex}: must not be negative`);
    image = '';
  }
  const resolvedDir = await resolvePathToFullyExplicit(dir);
  validateImageName(image);
  return new OciLayoutReference(name, dir, image, sourceIndex, resolvedDir);
}

export class OciLayoutReference implements ImageReference {
  readonly transport = 'oci';
  constructor(
    readonly name: string,
    readonly dir: string,
    readonly image: string,
    readonly sourceIndex = -1,
    readonly policyIdentity = dir,
  ) {}

  async newImageSource(): Promise<ImageSource> {
    const descriptor = await this.findManifestDescriptor();
    return new OciLayoutSource(this.dir, descriptor);
  }

  private async readIndex(): Promise<{ manifests: Descriptor[] | null }> {
    const file = path.join(this.dir, 'index.json');
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      throw pathError('open', file, error);
    }
    try {
      // json.Decoder, as containers/image reads it: the first value counts.
      return goUnmarshal(bytes, OCI_LAYOUT_INDEX, { firstValueOnly: true }) as unknown as { manifests: Descriptor[] | null };
    } catch (error) {
      throw new ProxyError((error as Error).message);
    }
  }

  private async findManifestDescriptor(): Promise<Descriptor> {
    const manifests = (await this.readIndex()).manifests ?? [];
    if (this.sourceIndex !== -1) {
      const hit = manifests[this.sourceIndex];
      if (!hit) throw new ImageNotFoundError(`no descriptor found for reference ${goQuoteQ(this.image)}`);
      return hit;
    }
    if (this.image === '') {
      if (manifests.length !== 1) throw new ProxyError('more than one image in oci, choose an image');
      return manifests[0] as Descriptor;
    }
    const unsupported: string[] = [];
    for (const d of manifests) {
      if (d.annotations?.get(REF_NAME_ANNOTATION) !== this.image) continue;
      if (d.mediaType === MIME.ociManifest || d.mediaType === MIME.ociIndex) return d;
      unsupported.push(d.mediaType);
    }
    if (unsupported.length > 0) {
      throw new ProxyError(`reference ${goQuoteQ(this.image)} matches unsupported manifest MIME types [${unsupported.map(goQuoteQ).join(' ')}]`);
    }
    throw new ImageNotFoundError(`no descriptor found for reference ${goQuoteQ(this.image)}`);
  }
}

class OciLayoutSource implements ImageSource {
  constructor(
    readonly dir: string,
    private readonly descriptor: Descriptor,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {}

  blobPath(digestText: string): string {
    let d;
    try {
      d = parseDigest(digestText);
    } catch (error) {
      throw new ProxyError(`unexpected digest reference ${digestText}: ${(error as Error).message}`);
    }
    return path.join(this.dir, 'blobs', d.algorithm, d.hex);
  }

  async getManifest(instanceDigest?: string): Promise<RawManifest> {
    const digest = instanceDigest ?? this.descriptor.digest;
    const file = this.blobPath(digest);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      throw pathError('open', file, error);
    }
    const declared = instanceDigest === undefined ? this.descriptor.mediaType : '';
    return { bytes, mimeType: declared !== '' ? declared : guessMimeType(bytes) };
  }

  async openBlob(digest: { algorithm: string; hex: string }) {
    return openBlobFile(path.join(this.dir, 'blobs', digest.algorithm, digest.hex));
  }

  async close(): Promise<void> {
    await this.onClose();
  }
}
