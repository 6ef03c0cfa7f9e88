// The docker-archive: transport, `docker-archive:FILE[:NAME[:TAG]]` or `docker-archive:FILE:@INDEX`:
// a `docker save` tarball (manifest.json listing Config, RepoTags and Layers, the config file, the
// layer tars). As containers/image's docker/tarfile source does, no manifest is read from the
// archive: a Docker schema2 manifest is generated from the chosen manifest.json item (the config's
// sha256 and size; one layer per file, digest = the config's diff_id, size = the uncompressed size,
// media type always the gzip one), and GetBlob serves the config and the layers (decompressed) by
// those digests only. The archive is extracted into a temporary directory per opened image,
// removed when the image is closed or the proxy exits.
import { createReadStream, createWriteStream } from 'node:fs';
import { open, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { sha256Of, type Digest } from '../image/digest.js';
import { goQuoteQ } from '../go/quote.js';
import { MIME } from '../image/manifest.js';
import { pathError, ProxyError } from '../proxy-error.js';
import { extractArchive } from './extract-archive.js';
import { removeTempDir } from './temp-dirs.js';
import { openBlobFile } from './file-blob.js';
import type { BlobReader, ImageReference, ImageSource, RawManifest } from '../image/source.js';

interface ManifestItem {
  Config: string;
  RepoTags: string[] | null;
  Layers: string[] | null;
}

/**
 * reference.ParseNormalizedNamed + TagNameOnly, simplified: a name without a registry gets
 * docker.io (and library/ for a single component), a name without a tag gets :latest.
 */
function normalizeTaggedName(text: string): string {
  const NAME = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
  if (text.includes('@')) throw new ProxyError(`docker-archive doesn't support digest references: ${text}`);
  let name = text;
  let tag = 'latest';
  const lastSlash = text.lastIndexOf('/');
  const colon = text.lastIndexOf(':');
  if (colon > lastSlash) {
    name = text.slice(0, colon);
    tag = text.slice(colon + 1);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) throw new ProxyError('invalid reference format');
  }
  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  let domain = 'docker.io';
  let remainder = name;
  if (first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase())) {
    domain = first;
    remainder = name.slice(slash + 1);
  }
  if (remainder !== remainder.toLowerCase()) throw new ProxyError('invalid reference format: repository name must be lowercase');
  if (!NAME.test(remainder)) throw new ProxyError('invalid reference format');
  if (domain === 'docker.io' && !remainder.includes('/')) remainder = `library/${remainder}`;
  return `${domain}/${remainder}:${tag}`;
}

export async function parseDockerArchiveReference(name: string, within: string): Promise<ImageReference> {
  if (within === '') throw new ProxyError(`docker-archive reference ${within} isn't of the form <path>[:<reference>]`);
  const i = within.indexOf(':');
  const file = i === -1 ? within : within.slice(0, i);
  const tagOrIndex = i === -1 ? undefined : within.slice(i + 1);
  let tagged: string | undefined;
  let sourceIndex = -1;
  if (tagOrIndex !== undefined) {
    if (tagOrIndex.startsWith('@') && /^[+-]?\d+$/.test(tagOrIndex.slice(1))) {
      const n = Number(tagOrIndex.slice(1));
      if (n < 0) throw new ProxyError(`Invalid source index ${tagOrIndex}`);
      sourceIndex = n;
    } else {
      try {
        tagged = normalizeTaggedName(tagOrIndex);
      } catch (error) {
        if ((error as Error).message.startsWith('docker-archive')) throw error;
        throw new ProxyError(`docker-archive parsing reference: ${(error as Error).message}`);
      }
    }
  }
  if (file.includes(':')) throw new ProxyError(`Invalid path ${file}: colons are not allowed`);
  return new DockerArchiveReference(name, file, tagged, tagOrIndex, sourceIndex);
}

class DockerArchiveReference implements ImageReference {
  readonly transport = 'docker-archive';
  /** containers/image gives docker-archive no scopes but the transport's default "". */
  readonly policyIdentity = '';
  constructor(
    readonly name: string,
    private readonly file: string,
    private readonly tagged: string | undefined,
    private readonly refText: string | undefined,
    private readonly sourceIndex: number,
  ) {}

  async newImageSource(): Promise<ImageSource> {
    const dir = await this.extract();
    try {
      const item = await this.chooseItem(dir);
      return new DockerArchiveSource(dir, item);
    } catch (error) {
      await removeTempDir(dir);
      throw error;
    }
  }

  private extract(): Promise<string> {
    return extractArchive(this.file, this.transport, {
      open: (error) => new ProxyError(`opening file ${goQuoteQ(this.file)}: ${pathError('open', this.file, error).message}`),
      untar: (_dir, error) => new ProxyError(`reading archive ${goQuoteQ(this.file)}: ${error.message}`),
    });
  }

  /** tarfile.Reader.ChooseManifestItem. */
  private async chooseItem(dir: string): Promise<ManifestItem> {
    let items: ManifestItem[];
    try {
      const bytes = await readFile(await insideArchive(dir, 'manifest.json'));
      const parsed: unknown = JSON.parse(bytes.toString('utf8'));
      if (!Array.isArray(parsed)) throw new Error('manifest.json is not an array');
      items = parsed as ManifestItem[];
    } catch (error) {
      if (error instanceof ProxyError) throw error;
      throw new ProxyError(`loading tar component "manifest.json": ${(error as Error).message}`);
    }
    if (this.tagged === undefined && this.sourceIndex === -1) {
      if (items.length !== 1) throw new ProxyError(`exactly one item expected in manifest.json, got ${items.length}`);
      return items[0] as ManifestItem;
    }
    if (this.sourceIndex !== -1) {
      const item = items[this.sourceIndex];
      if (!item) throw new ProxyError(`Invalid source index @${this.sourceIndex}, only ${items.length} manifest items available`);
      return item;
    }
    for (const item of items) {
      for (const tag of item.RepoTags ?? []) {
        let normalized: string;
        try {
          normalized = normalizeTaggedName(tag);
        } catch (error) {
          throw new ProxyError(`Invalid tag ${goQuoteQ(tag)} in manifest.json: ${(error as Error).message}`);
        }
        if (normalized === this.tagged) return item;
      }
    }
    throw new ProxyError(`Tag ${goQuoteQ(this.refText ?? '')} not found`);
  }
}

/** A path named by manifest.json, resolved (symlinks included) and kept inside the archive. */
async function insideArchive(dir: string, name: string): Promise<string> {
  const joined = path.join(dir, path.normalize(`/${name}`));
  let resolved: string;
  try {
    resolved = await realpath(joined);
  } catch {
    throw new ProxyError(`file ${goQuoteQ(name)} not found in the archive`);
  }
  const root = await realpath(dir);
  if (path.relative(root, resolved).startsWith('..')) throw new ProxyError(`file ${goQuoteQ(name)} is outside of the archive`);
  return resolved;
}

interface CachedData {
  manifest: Buffer;
  /** digest text → file served for it. */
  blobs: Map<string, string>;
}

class DockerArchiveSource implements ImageSource {
  private cached: CachedData | null = null;

  constructor(
    private readonly dir: string,
    private readonly item: ManifestItem,
  ) {}

  /** tarfile.Source.ensureCachedDataIsPresent: the config, the layers' digests and sizes, the manifest. */
  private async data(): Promise<CachedData> {
    if (this.cached) return this.cached;
    const configPath = await insideArchive(this.dir, this.item.Config);
    const configBytes = await readFile(configPath);
    let diffIds: unknown;
    try {
      const config = JSON.parse(configBytes.toString('utf8')) as { rootfs?: { diff_ids?: unknown } };
      diffIds = config.rootfs?.diff_ids ?? [];
    } catch (error) {
      throw new ProxyError(`decoding ${goQuoteQ(this.item.Config)}: ${(error as Error).message}`);
    }
    const layerNames = this.item.Layers ?? [];
    if (!Array.isArray(diffIds) || diffIds.length !== layerNames.length) {
      throw new ProxyError(`Inconsistent layer count: ${layerNames.length} in manifest, ${Array.isArray(diffIds) ? diffIds.length : 0} in config`);
    }
    const configDigest = sha256Of(configBytes);
    const blobs = new Map<string, string>([[configDigest, configPath]]);
    const layers: { mediaType: string; size: number; digest: string }[] = [];
    for (const [i, name] of layerNames.entries()) {
      const diffId = String(diffIds[i]);
      const file = await this.uncompressed(await insideArchive(this.dir, name), i);
      const { size } = await stat(file);
      blobs.set(diffId, file);
      layers.push({ mediaType: MIME.schema2Layer, size, digest: diffId });
    }
    const manifest = {
      schemaVersion: 2,
      mediaType: MIME.schema2,
      config: { mediaType: MIME.schema2Config, size: configBytes.length, digest: configDigest },
      layers,
    };
    this.cached = { manifest: Buffer.from(JSON.stringify(manifest)), blobs };
    return this.cached;
  }

  /** A gzip-compressed layer is served decompressed (and sized so): it is inflated next to the archive's files. */
  private async uncompressed(file: string, index: number): Promise<string> {
    const handle = await open(file, 'r');
    const magic = Buffer.alloc(2);
    try {
      await handle.read(magic, 0, 2, 0);
    } finally {
      await handle.close();
    }
    if (magic[0] !== 0x1f || magic[1] !== 0x8b) return file;
    const target = path.join(this.dir, `.layer-${index}-uncompressed`);
    await pipeline(createReadStream(file), createGunzip(), createWriteStream(target));
    return target;
  }

  async getManifest(instanceDigest?: string): Promise<RawManifest> {
    if (instanceDigest !== undefined) throw new ProxyError('manifest lists are not supported by the docker-archive transport');
    const { manifest } = await this.data();
    return { bytes: manifest, mimeType: MIME.schema2 };
  }

  async openBlob(digest: Digest): Promise<BlobReader> {
    const { blobs } = await this.data();
    const file = blobs.get(digest.text);
    if (file === undefined) throw new ProxyError(`Unknown blob ${digest.text}`);
    return openBlobFile(file);
  }

  async close(): Promise<void> {
    await removeTempDir(this.dir);
  }
}
