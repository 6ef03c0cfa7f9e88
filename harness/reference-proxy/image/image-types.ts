// The Go structs skopeo decodes images into, as GoStruct schemas (field order is the order Go
// writes them back): the OCI image-spec v1.1 types and containers/image's Docker schema2 types.
import type { GoField, GoStruct, GoType } from '../go/struct.js';

const str: GoType = { k: 'string' };
const digestType: GoType = { k: 'string', name: 'digest.Digest' };
const int64: GoType = { k: 'int', name: 'int64' };
const stringSlice: GoType = { k: 'slice', elem: str, name: '[]string' };
const stringMap: GoType = { k: 'map', elem: str, name: 'map[string]string' };
const emptyStruct: GoStruct = { k: 'struct', name: '', typeName: 'struct {}', fields: [] };
const setMap: GoType = { k: 'map', elem: emptyStruct, name: 'map[string]struct {}' };

function struct(name: string, pkg: string, fields: GoField[]): GoStruct {
  return { k: 'struct', name, typeName: `${pkg}.${name}`, fields };
}

/** v1.Platform; embedded in v1.Image, so its fields sit between author and config there. */
const PLATFORM_FIELDS: GoField[] = [
  { json: 'architecture', type: str },
  { json: 'os', type: str },
  { json: 'os.version', type: str, omitempty: true },
  { json: 'os.features', type: stringSlice, omitempty: true },
  { json: 'variant', type: str, omitempty: true },
];

const OCI_PLATFORM = struct('Platform', 'v1', PLATFORM_FIELDS);

const OCI_IMAGE_CONFIG = struct('ImageConfig', 'v1', [
  { json: 'User', type: str, omitempty: true },
  { json: 'ExposedPorts', type: setMap, omitempty: true },
  { json: 'Env', type: stringSlice, omitempty: true },
  { json: 'Entrypoint', type: stringSlice, omitempty: true },
  { json: 'Cmd', type: stringSlice, omitempty: true },
  { json: 'Volumes', type: setMap, omitempty: true },
  { json: 'WorkingDir', type: str, omitempty: true },
  { json: 'Labels', type: stringMap, omitempty: true },
  { json: 'StopSignal', type: str, omitempty: true },
  { json: 'ArgsEscaped', type: { k: 'bool' }, omitempty: true },
]);

const OCI_ROOTFS = struct('RootFS', 'v1', [
  { json: 'type', type: str },
  { json: 'diff_ids', type: { k: 'slice', elem: digestType, name: '[]digest.Digest' } },
]);

const OCI_HISTORY = struct('History', 'v1', [
  { json: 'created', type: { k: 'time' }, omitempty: true },
  { json: 'created_by', type: str, omitempty: true },
  { json: 'author', type: str, omitempty: true },
  { json: 'comment', type: str, omitempty: true },
  { json: 'empty_layer', type: { k: 'bool' }, omitempty: true },
]);

/** v1.Image, what GetFullConfig re-serialises and GetConfig takes `config` from. */
export const OCI_IMAGE = struct('Image', 'v1', [
  { json: 'created', type: { k: 'time' }, omitempty: true },
  { json: 'author', type: str, omitempty: true },
  ...PLATFORM_FIELDS,
  // `config,omitempty` has no effect on a struct: Go always writes it.
  { json: 'config', type: OCI_IMAGE_CONFIG, omitempty: true },
  { json: 'rootfs', type: OCI_ROOTFS },
  { json: 'history', type: { k: 'slice', elem: OCI_HISTORY, name: '[]v1.History' }, omitempty: true },
]);

export const OCI_DESCRIPTOR: GoStruct = struct('Descriptor', 'v1', [
  { json: 'mediaType', type: str },
  { json: 'digest', type: digestType },
  { json: 'size', type: int64 },
  { json: 'urls', type: stringSlice, omitempty: true },
  { json: 'annotations', type: stringMap, omitempty: true },
  { json: 'data', type: { k: 'any' }, omitempty: true },
  { json: 'platform', type: { k: 'ptr', elem: OCI_PLATFORM }, omitempty: true },
  { json: 'artifactType', type: str, omitempty: true },
]);

const descriptors: GoType = { k: 'slice', elem: OCI_DESCRIPTOR, name: '[]v1.Descriptor' };

/** containers/image's manifest.OCI1 (v1.Manifest embedded). */
export const OCI_MANIFEST = struct('OCI1', 'manifest', [
  { json: 'schemaVersion', type: { k: 'int', name: 'int' } },
  { json: 'mediaType', type: str, omitempty: true },
  { json: 'artifactType', type: str, omitempty: true },
  { json: 'config', type: OCI_DESCRIPTOR },
  { json: 'layers', type: descriptors },
  { json: 'subject', type: { k: 'ptr', elem: OCI_DESCRIPTOR }, omitempty: true },
  { json: 'annotations', type: stringMap, omitempty: true },
]);

export const OCI_INDEX = struct('OCI1IndexPublic', 'manifest', [
  { json: 'schemaVersion', type: { k: 'int', name: 'int' } },
  { json: 'mediaType', type: str, omitempty: true },
  { json: 'artifactType', type: str, omitempty: true },
  { json: 'manifests', type: descriptors },
  { json: 'subject', type: { k: 'ptr', elem: OCI_DESCRIPTOR }, omitempty: true },
  { json: 'annotations', type: stringMap, omitempty: true },
]);

const SCHEMA2_DESCRIPTOR_FIELDS: GoField[] = [
  { json: 'mediaType', type: str },
  { json: 'size', type: int64 },
  { json: 'digest', type: digestType },
  { json: 'urls', type: stringSlice, omitempty: true },
];
const SCHEMA2_DESCRIPTOR = struct('Schema2Descriptor', 'manifest', SCHEMA2_DESCRIPTOR_FIELDS);

export const SCHEMA2_MANIFEST = struct('Schema2', 'manifest', [
  { json: 'schemaVersion', type: { k: 'int', name: 'int' } },
  { json: 'mediaType', type: str },
  { json: 'config', type: SCHEMA2_DESCRIPTOR },
  { json: 'layers', type: { k: 'slice', elem: SCHEMA2_DESCRIPTOR, name: '[]manifest.Schema2Descriptor' } },
]);

const SCHEMA2_PLATFORM = struct('Schema2PlatformSpec', 'manifest', [
  ...PLATFORM_FIELDS,
  { json: 'features', type: stringSlice, omitempty: true },
]);

export const SCHEMA2_LIST = struct('Schema2ListPublic', 'manifest', [
  { json: 'schemaVersion', type: { k: 'int', name: 'int' } },
  { json: 'mediaType', type: str },
  {
    json: 'manifests',
    type: {
      k: 'slice',
      elem: struct('Schema2ManifestDescriptor', 'manifest', [...SCHEMA2_DESCRIPTOR_FIELDS, { json: 'platform', type: SCHEMA2_PLATFORM }]),
      name: '[]manifest.Schema2ManifestDescriptor',
    },
  },
]);

/** containers/image's manifest.Schema1 (ExtractedV1Compatibility is `json:"-"`). */
export const SCHEMA1_MANIFEST = struct('Schema1', 'manifest', [
  { json: 'name', type: str },
  { json: 'tag', type: str },
  { json: 'architecture', type: str },
  { json: 'fsLayers', type: { k: 'slice', elem: struct('Schema1FSLayers', 'manifest', [{ json: 'blobSum', type: digestType }]), name: '[]manifest.Schema1FSLayers' } },
  { json: 'history', type: { k: 'slice', elem: struct('Schema1History', 'manifest', [{ json: 'v1Compatibility', type: str }]), name: '[]manifest.Schema1History' } },
  { json: 'schemaVersion', type: { k: 'int', name: 'int' } },
]);

/** The index.json of an OCI layout (v1.Index). */
export const OCI_LAYOUT_INDEX = struct('Index', 'v1', [
  { json: 'schemaVersion', type: { k: 'int', name: 'int' } },
  { json: 'mediaType', type: str, omitempty: true },
  { json: 'manifests', type: descriptors },
  { json: 'annotations', type: stringMap, omitempty: true },
]);

/** What containers/image's GuessMIMEType and ambiguity check look at. */
export const MANIFEST_PROBE = struct('', '', [
  { json: 'schemaVersion', type: { k: 'any' } },
  { json: 'mediaType', type: { k: 'any' } },
  { json: 'signatures', type: { k: 'any' } },
  { json: 'fsLayers', type: { k: 'any' } },
  { json: 'history', type: { k: 'any' } },
  { json: 'blobs', type: { k: 'any' } },
  { json: 'manifests', type: { k: 'any' } },
  { json: 'config', type: { k: 'any' } },
  { json: 'layers', type: { k: 'any' } },
]);

/** A decoded descriptor as the handlers use it. */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: bigint;
  urls: string[] | null;
  annotations: Map<string, string> | null;
  platform: { architecture: string; os: string; variant: string } | null;
}
