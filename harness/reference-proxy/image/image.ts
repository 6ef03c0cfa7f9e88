// An opened image, and the target skopeo 1.20.0 resolves for it on first use (its
// cacheTargetManifest): the top-level manifest, an index or list resolved to one instance for the
// wanted platform, that instance verified against its digest, then parsed. OpenImage itself reads
// only what the transport needs to find the image, so an index with no instance for this platform
// opens fine and fails at GetManifest.
import { matchesDigest, parseDigest, sha256Of } from './digest.js';
import { MIME, checkSchema1Manifest, isMultiImage, normalizeMimeType, parseManifestList, parseOciManifest, parseSchema2Manifest, reserializeConfig, type ParsedManifest } from './manifest.js';
import type { GoStructValue } from '../go/struct.js';
import { chooseInstance, type Platform } from './platform.js';
import type { Faults } from '../faults.js';
import { ProxyCrash, ProxyError } from '../proxy-error.js';
import { readBlobAtMost, type ImageSource } from './source.js';

/** iolimits.MaxConfigBodySize. */
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

export interface ResolvedImage {
  /** The manifest GetManifest serves, as stored. */
  bytes: Buffer;
  mimeType: string;
  /** null for Docker schema1, which GetManifest refuses. */
  parsed: ParsedManifest | null;
  /** The index or list the reference names, when it names one. */
  top?: { bytes: Buffer; digest: string };
}

export class OpenImage {
  private resolved: ResolvedImage | null = null;
  private config: { image: GoStructValue; bytes: Buffer } | null = null;

  constructor(
    readonly id: bigint,
    readonly source: ImageSource,
    private readonly faults: Faults,
  ) {}

  /** The image GetManifest and the config and layer methods work on, resolved once (on success). */
  async target(wanted: Platform[]): Promise<ResolvedImage> {
    if (this.resolved) return this.resolved;
    const top = await this.source.getManifest();
    let target = top;
    let topInfo: ResolvedImage['top'];
    if (isMultiImage(top.mimeType)) {
      const instance = this.chooseInstance(top.bytes, top.mimeType, wanted);
      target = await this.source.getManifest(instance);
      if (!matchesDigest(target.bytes, instance)) throw new ProxyError(`Manifest does not match provided manifest digest ${instance}`);
      topInfo = { bytes: top.bytes, digest: sha256Of(top.bytes) };
    }
    const resolved: ResolvedImage = { bytes: target.bytes, mimeType: target.mimeType, parsed: parseTarget(target.bytes, target.mimeType), ...(topInfo ? { top: topInfo } : {}) };
    this.resolved = resolved;
    return resolved;
  }

  /** The config blob as Go's v1.Image (OCIConfig), read once and verified against its digest. */
  async ociConfig(wanted: Platform[]): Promise<{ image: GoStructValue; bytes: Buffer }> {
    if (this.config) return this.config;
    const { parsed } = await this.target(wanted);
    if (!parsed) throw new ProxyError('the reference proxy reads no config from a Docker schema1 image');
    if (parsed.mimeType === MIME.ociManifest && parsed.config.mediaType !== MIME.ociConfig) {
      throw new ProxyError(`unsupported image-specific operation on artifact with type ${JSON.stringify(parsed.config.mediaType)}`);
    }
    const raw = await this.readConfigBlob(parsed.config.digest);
    this.config = reserializeConfig(raw);
    return this.config;
  }

  async readConfigBlob(digestText: string): Promise<Buffer> {
    let bytes: Buffer;
    try {
      bytes = await readBlobAtMost(await this.source.openBlob(parseDigest(digestText)), MAX_CONFIG_BYTES);
    } catch (error) {
      if (this.faults.has('missing-config-empty')) return Buffer.from('{}');
      throw error;
    }
    if (!matchesDigest(bytes, digestText)) {
      throw new ProxyError(`Download config.json digest ${sha256Of(bytes)} does not match expected ${digestText}`);
    }
    return bytes;
  }

  /** ChooseInstance; the fault no-platform-uses-first takes the first instance when none is wanted. */
  private chooseInstance(bytes: Buffer, mimeType: string, wanted: Platform[]): string {
    if (this.faults.has('index-manifests-type-unchecked')) crashOnManifestsNotAList(bytes);
    const entries = parseManifestList(bytes, mimeType);
    try {
      return chooseInstance(entries, mimeType, wanted);
    } catch (error) {
      const first = entries[0];
      if (first && this.faults.has('no-platform-uses-first')) return first.digest;
      throw error;
    }
  }
}

/** The fault index-manifests-type-unchecked: an index read as plain JSON, its `manifests` mapped unchecked. */
function crashOnManifestsNotAList(bytes: Buffer): void {
  let index: unknown;
  try {
    index = JSON.parse(bytes.toString('utf8'));
  } catch {
    return;
  }
  const manifests = (index as { manifests?: unknown } | null)?.manifests;
  if (manifests !== undefined && manifests !== null && !Array.isArray(manifests)) {
    throw new ProxyCrash('TypeError: index.manifests.map is not a function (fault index-manifests-type-unchecked)\n');
  }
}

/** image.FromUnparsedImage: which parser the (normalised) MIME type selects. */
function parseTarget(bytes: Buffer, mimeType: string): ParsedManifest | null {
  const normalized = normalizeMimeType(mimeType);
  switch (normalized) {
    case MIME.ociManifest:
      return parseOciManifest(bytes);
    case MIME.schema2:
      return parseSchema2Manifest(bytes);
    case MIME.ociIndex:
    case MIME.schema2List:
      throw new ProxyError('Treating manifest lists as individual manifests is not implemented');
    default:
      // Docker schema1, or what containers/image tries as schema1 (any other type, text/plain from a
      // mislabelling registry included): it must decode as Schema1 with schemaVersion 1; GetManifest
      // then refuses it by its type.
      checkSchema1Manifest(bytes);
      return null;
  }
}
