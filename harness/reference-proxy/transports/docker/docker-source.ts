// The docker:// image source: the top-level manifest is fetched when the image opens (OpenImage
// fails for a missing tag or a failing registry, as containers/image's does), instances by digest
// on demand, blobs streamed from the registry's response. An index is resolved and schema2
// converted by the transport-independent code, as for the local transports.
import { matchesDigest, type Digest } from '../../image/digest.js';
import { guessMimeType, MIME } from '../../image/manifest.js';
import { ProxyError } from '../../proxy-error.js';
import { ImageNotFoundError, readBlobAtMost, type BlobReader, type ImageSource, type RawManifest } from '../../image/source.js';
import { repositoryName, tagOrDigest, type DockerImageName } from './reference.js';
import type { RegistryClient } from './registry-client.js';
import { RECONNECT_PAUSE_MS, ResumingBody } from './resuming-body.js';
import { firstRegistryError, MAX_ERROR_BODY_BYTES, statusCode, statusErrorText } from './registry-errors.js';

/** iolimits.MaxManifestBodySize. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/** The manifest types this proxy reads (Docker schema1 is left out: the registry must not convert to it). */
const ACCEPT = [MIME.ociManifest, MIME.ociIndex, MIME.schema2, MIME.schema2List].join(', ');

const MANIFEST_TYPES: ReadonlySet<string> = new Set([MIME.ociManifest, MIME.ociIndex, MIME.schema2, MIME.schema2List, MIME.schema1, MIME.schema1Signed]);

/** docker's simplifyContentType: mime.ParseMediaType's type without parameters, "" if it does not parse. */
function simplifyContentType(header: string | undefined): string {
  if (header === undefined || header === '') return '';
  const type = (header.split(';')[0] ?? '').trim().toLowerCase();
  return /^[^/\s]+\/[^/\s]+$/.test(type) ? type : '';
}

export class DockerImageSource implements ImageSource {
  private top: RawManifest | null = null;

  constructor(
    private readonly client: RegistryClient,
    private readonly name: DockerImageName,
  ) {}

  /** Fetches the top-level manifest (OpenImage). */
  async open(): Promise<void> {
    this.top = await this.fetchManifest(tagOrDigest(this.name));
  }

  async getManifest(instanceDigest?: string): Promise<RawManifest> {
    if (instanceDigest !== undefined) return this.fetchManifest(instanceDigest);
    this.top ??= await this.fetchManifest(tagOrDigest(this.name));
    const { digest } = this.name;
    if (digest !== undefined && !matchesDigest(this.top.bytes, digest)) throw new ProxyError(`Manifest does not match provided manifest digest ${digest}`);
    return this.top;
  }

  private async fetchManifest(reference: string): Promise<RawManifest> {
    const res = await this.client.get(`/v2/${this.name.path}/manifests/${reference}`, { accept: ACCEPT });
    if (res.status !== 200) {
      const body = await readBlobAtMost(res.body, MAX_ERROR_BODY_BYTES).catch(() => Buffer.alloc(0));
      const text = `reading manifest ${reference} in ${repositoryName(this.name)}: ${statusErrorText(res.status, res.statusMessage, body)}`;
      const first = firstRegistryError(body);
      // OpenImageOptional's "does not exist": MANIFEST_UNKNOWN, or a bare 404.
      if (res.status === 404 && (first === null || first.code === 'MANIFEST_UNKNOWN')) throw new ImageNotFoundError(text);
      throw new ProxyError(text, statusCode(res.status, this.client.system.faults, body));
    }
    const bytes = await readBlobAtMost(res.body, MAX_MANIFEST_BYTES);
    // The registry's Content-Type is the manifest's type, as containers/image's fetchManifest takes it
    // (docker_client.go: simplifyContentType of the header). A CDN in front of a registry may label a
    // manifest text/plain: the type is then normalised to Docker schema1 (manifest.NormalizedMIMEType)
    // and a schema2 or OCI manifest fails as "unsupported schema version 2", as in skopeo 1.9.3–1.22.0.
    const declared = simplifyContentType(res.headers['content-type']);
    if (!MANIFEST_TYPES.has(declared) && this.client.system.faults.has('registry-manifest-typed-by-content')) return { bytes, mimeType: guessMimeType(bytes) || declared };
    return { bytes, mimeType: declared };
  }

  async openBlob(digest: Digest): Promise<BlobReader> {
    const path = `/v2/${this.name.path}/blobs/${digest.text}`;
    const res = await this.client.get(path);
    if (res.status !== 200) {
      // containers/image 5.34 and later: the registry's error body read as for a manifest.
      const body = await readBlobAtMost(res.body, MAX_ERROR_BODY_BYTES).catch(() => Buffer.alloc(0));
      throw new ProxyError(`fetching blob: ${statusErrorText(res.status, res.statusMessage, body)}`, statusCode(res.status, this.client.system.faults, body));
    }
    // Run with short deadlines (the idle timeout follows the call deadline), the pause shrinks with them.
    const pauseMs = Math.min(RECONNECT_PAUSE_MS, this.client.system.registryIdleTimeoutMs / 4);
    return new ResumingBody(res.body, (offset) => this.client.get(path, { range: `bytes=${offset}-` }), this.client.system.faults, pauseMs);
  }

  async close(): Promise<void> {}
}
