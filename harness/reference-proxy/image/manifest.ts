// Manifests as containers/image reads them: MIME type guessing, typed parsing with the ambiguity
// check, and the Docker schema2 → OCI conversion GetManifest pipes (config re-serialised by Go,
// layer media types mapped, OCI descriptor field order).
import { goMarshal } from '../go/marshal.js';
import { parseGoJson, type JsonNode } from '../go/parse.js';
import { goQuoteQ } from '../go/quote.js';
import { decodeGoUtf8 } from '../go/utf8.js';
import { goUnmarshalNode, toMarshalable, type GoStruct, type GoStructValue } from '../go/struct.js';
import { sha256Of } from './digest.js';
import { MANIFEST_PROBE, OCI_DESCRIPTOR, OCI_IMAGE, OCI_INDEX, OCI_MANIFEST, SCHEMA1_MANIFEST, SCHEMA2_LIST, SCHEMA2_MANIFEST, type Descriptor } from './image-types.js';
import { ProxyError } from '../proxy-error.js';
import { prettySignaturePayload } from './pretty-signature.js';

export const MIME = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayerNonDistributable: 'application/vnd.oci.image.layer.nondistributable.v1.tar',
  ociLayerNonDistributableGzip: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  schema2: 'application/vnd.docker.distribution.manifest.v2+json',
  schema2List: 'application/vnd.docker.distribution.manifest.list.v2+json',
  schema1: 'application/vnd.docker.distribution.manifest.v1+json',
  schema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
  schema2Config: 'application/vnd.docker.container.image.v1+json',
  schema2Layer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  schema2LayerUncompressed: 'application/vnd.docker.image.rootfs.diff.tar',
  schema2ForeignLayer: 'application/vnd.docker.image.rootfs.foreign.diff.tar',
  schema2ForeignLayerGzip: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
} as const;

export function isMultiImage(mimeType: string): boolean {
  return mimeType === MIME.ociIndex || mimeType === MIME.schema2List;
}

function probe(bytes: Buffer): GoStructValue | null {
  try {
    return goUnmarshalNode(parseGoJson(bytes), MANIFEST_PROBE);
  } catch {
    return null;
  }
}

function probeString(node: unknown): string | null | undefined {
  if (node === null) return '';
  const n = node as JsonNode;
  return n.kind === 'string' ? n.value : undefined;
}

function probeInt(node: unknown): number | undefined {
  if (node === null) return 0;
  const n = node as JsonNode;
  return n.kind === 'number' && /^-?\d+$/.test(n.text) ? Number(n.text) : undefined;
}

/** manifest.GuessMIMEType: the declared type if it is a known one, else a guess from the fields. */
export function guessMimeType(bytes: Buffer): string {
  const p = probe(bytes);
  if (!p) return '';
  const mediaType = probeString(p.mediaType);
  const schemaVersion = probeInt(p.schemaVersion);
  // A type error in either field fails Go's unmarshal of its small struct: no guess.
  if (mediaType === undefined || mediaType === null || schemaVersion === undefined) return '';
  if (([MIME.schema2, MIME.schema2List, MIME.ociManifest, MIME.ociIndex] as string[]).includes(mediaType)) return mediaType;
  if (schemaVersion === 1) return p.signatures !== null ? MIME.schema1Signed : MIME.schema1;
  if (schemaVersion !== 2) return '';
  const config = p.config as JsonNode | null;
  let configMediaType = '';
  if (config !== null && config.kind !== 'object') return '';
  if (config !== null && config.kind === 'object') {
    const entry = config.entries.filter(([k]) => k === 'mediaType' || k.toLowerCase() === 'mediatype').at(-1);
    if (entry && entry[1].kind === 'string') configMediaType = entry[1].value;
  }
  if (configMediaType === MIME.ociConfig) return MIME.ociManifest;
  if (configMediaType === MIME.schema2Config) return MIME.schema2;
  const manifests = p.manifests as JsonNode | null;
  if (manifests !== null && manifests.kind === 'array' && manifests.items.length > 0) return configMediaType === '' ? MIME.ociIndex : configMediaType;
  return MIME.ociManifest;
}

/**
 * manifest.Digest: the sha256 of the bytes, except for a body that looks like signed Docker schema1
 * (by GuessMIMEType), whose JWS signatures are stripped first; one that does not parse is the error.
 */
export function manifestDigest(bytes: Buffer): string {
  if (guessMimeType(bytes) !== MIME.schema1Signed) return sha256Of(bytes);
  return sha256Of(prettySignaturePayload(bytes));
}

/**
 * manifest.NormalizedMIMEType, the same in containers/image 5.23, 5.34 and 5.39 (skopeo 1.9.3, 1.18.0,
 * 1.22.0): the six manifest types as they are, anything else (application/json, text/plain, "") Docker
 * schema1 signed.
 */
export function normalizeMimeType(mimeType: string): string {
  const known: string[] = [MIME.schema1, MIME.schema1Signed, MIME.ociManifest, MIME.ociIndex, MIME.schema2, MIME.schema2List];
  if (mimeType === 'application/json') return MIME.schema1Signed;
  return known.includes(mimeType) ? mimeType : MIME.schema1Signed;
}

/**
 * The start of manifest.Schema1FromManifest: json.Unmarshal into Schema1, then the schema version, so
 * that a schema2 or OCI manifest taken for schema1 fails with "unsupported schema version 2".
 */
export function checkSchema1Manifest(bytes: Buffer): void {
  const m = unmarshal(bytes, SCHEMA1_MANIFEST);
  if (m.schemaVersion !== 1n) throw new ProxyError(`unsupported schema version ${String(m.schemaVersion)}`);
}

/** containers/image's ValidateUnambiguousManifestFormat. */
function rejectAmbiguous(bytes: Buffer, expected: string, allowed: string[]): void {
  const p = probe(bytes);
  if (!p) return;
  const unexpected = ['fsLayers', 'history', 'blobs', 'manifests', 'config', 'layers'].filter((f) => p[f] !== null && !allowed.includes(f));
  if (unexpected.length > 0) {
    throw new ProxyError(`rejecting ambiguous manifest, unexpected fields []string{${unexpected.map((f) => JSON.stringify(f)).join(', ')}} in supposedly ${expected}`);
  }
}

/** json.Unmarshal into `t`; lists wrap the error with the whole manifest, as containers/image does. */
function unmarshal(bytes: Buffer, t: GoStruct, listName?: string): GoStructValue {
  try {
    return goUnmarshalNode(parseGoJson(bytes), t);
  } catch (error) {
    const message = (error as Error).message;
    throw new ProxyError(listName ? `unmarshaling ${listName} ${goQuoteQ(decodeGoUtf8(bytes))}: ${message}` : message);
  }
}

interface LayerInfo {
  digest: string;
  size: bigint;
  mediaType: string;
  urls: string[] | null;
}

/** A single-image manifest, parsed (OCI or Docker schema2). */
export interface ParsedManifest {
  mimeType: string;
  config: { digest: string; size: bigint; mediaType: string };
  layers: LayerInfo[];
}

export function parseOciManifest(bytes: Buffer): ParsedManifest {
  const m = unmarshal(bytes, OCI_MANIFEST);
  rejectAmbiguous(bytes, MIME.ociManifest, ['config', 'layers']);
  const config = m.config as unknown as Descriptor;
  const layers = ((m.layers ?? []) as unknown as Descriptor[]).map((d) => ({ digest: d.digest, size: d.size, mediaType: d.mediaType, urls: d.urls }));
  return { mimeType: MIME.ociManifest, config: { digest: config.digest, size: config.size, mediaType: config.mediaType }, layers };
}

export function parseSchema2Manifest(bytes: Buffer): ParsedManifest {
  const m = unmarshal(bytes, SCHEMA2_MANIFEST);
  rejectAmbiguous(bytes, MIME.schema2, ['config', 'layers']);
  const config = m.config as unknown as Descriptor;
  const layers = ((m.layers ?? []) as unknown as Descriptor[]).map((d) => ({ digest: d.digest, size: d.size, mediaType: d.mediaType, urls: d.urls }));
  for (const mediaType of [m.mediaType as string, ...layers.map((l) => l.mediaType)]) requireSchema2MediaType(mediaType);
  return { mimeType: MIME.schema2, config: { digest: config.digest, size: config.size, mediaType: config.mediaType }, layers };
}

/** manifest.SupportedSchema2MediaType. */
function requireSchema2MediaType(mediaType: string): void {
  const supported: string[] = [
    MIME.schema2List,
    MIME.schema1,
    MIME.schema1Signed,
    MIME.schema2Config,
    MIME.schema2ForeignLayer,
    MIME.schema2ForeignLayerGzip,
    MIME.schema2Layer,
    MIME.schema2,
    MIME.schema2LayerUncompressed,
  ];
  if (!supported.includes(mediaType)) throw new ProxyError(`unsupported docker v2s2 media type: ${JSON.stringify(mediaType)}`);
}

/** One entry of an OCI index or Docker manifest list. */
export interface InstanceEntry {
  digest: string;
  platform: { os: string; architecture: string; variant: string } | null;
  /** OCI instances annotated as zstd variants (containers/image prefers them on a tie). */
  zstd: boolean;
}

export function parseManifestList(bytes: Buffer, mimeType: string): InstanceEntry[] {
  if (mimeType === MIME.ociIndex) {
    const index = unmarshal(bytes, OCI_INDEX, 'OCI1Index');
    rejectAmbiguous(bytes, MIME.ociIndex, ['manifests']);
    return ((index.manifests ?? []) as unknown as Descriptor[]).map((d) => ({
      digest: d.digest,
      platform: d.platform ? { os: d.platform.os, architecture: d.platform.architecture, variant: d.platform.variant } : null,
      zstd: d.annotations?.get('io.github.containers.compression.zstd') === 'true',
    }));
  }
  const list = unmarshal(bytes, SCHEMA2_LIST, 'Schema2List');
  rejectAmbiguous(bytes, MIME.schema2List, ['manifests']);
  return ((list.manifests ?? []) as Array<{ digest: string; platform: { os: string; architecture: string; variant: string } }>).map((d) => ({
    digest: d.digest,
    platform: { os: d.platform.os, architecture: d.platform.architecture, variant: d.platform.variant },
    zstd: false,
  }));
}

/** The config as Go's v1.Image: what GetFullConfig pipes and the schema2 conversion embeds. */
export function reserializeConfig(configBytes: Buffer): { image: GoStructValue; bytes: Buffer } {
  const image = unmarshal(configBytes, OCI_IMAGE);
  return { image, bytes: Buffer.from(goMarshal(toMarshalable(image, OCI_IMAGE))) };
}

export function configMember(image: GoStructValue): Buffer {
  const configType = OCI_IMAGE.fields.find((f) => f.json === 'config')?.type;
  return Buffer.from(goMarshal(toMarshalable(image.config, configType as GoStruct)));
}

const SCHEMA2_TO_OCI_LAYER: Record<string, string> = {
  [MIME.schema2ForeignLayer]: MIME.ociLayerNonDistributable,
  [MIME.schema2ForeignLayerGzip]: MIME.ociLayerNonDistributableGzip,
  [MIME.schema2LayerUncompressed]: MIME.ociLayer,
  [MIME.schema2Layer]: MIME.ociLayerGzip,
};

/**
 * convertToManifestOCI1: the config re-serialised as v1.Image (its digest and size follow the new
 * bytes), each layer's Docker media type mapped, and v1.Manifest's field order.
 */
export function convertSchema2ToOci(manifest: ParsedManifest, configBytes: Buffer): Buffer {
  const ociConfig = reserializeConfig(configBytes).bytes;
  const layers = manifest.layers.map((l) => {
    const mediaType = SCHEMA2_TO_OCI_LAYER[l.mediaType];
    if (mediaType === undefined) throw new ProxyError(`Unknown media type during manifest conversion: ${JSON.stringify(l.mediaType)}`);
    return { mediaType, digest: l.digest, size: l.size, urls: l.urls, annotations: null, data: null, platform: null, artifactType: '' };
  });
  const descriptor = (d: Record<string, unknown>) => toMarshalable(d, OCI_DESCRIPTOR);
  const converted = {
    schemaVersion: 2,
    mediaType: MIME.ociManifest,
    config: descriptor({ mediaType: MIME.ociConfig, digest: sha256Of(ociConfig), size: BigInt(ociConfig.length), urls: null, annotations: null, data: null, platform: null, artifactType: '' }),
    layers: layers.map(descriptor),
  };
  return Buffer.from(goMarshal(converted));
}
