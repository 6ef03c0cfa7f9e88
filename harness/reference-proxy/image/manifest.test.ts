import { describe, expect, test } from 'vitest';
import { checkSchema1Manifest, guessMimeType, MIME, normalizeMimeType, parseManifestList, parseOciManifest, parseSchema2Manifest, convertSchema2ToOci, type InstanceEntry } from './manifest.js';
import { chooseInstance, hostArchitecture, wantedPlatforms } from './platform.js';

const json = (v: unknown) => Buffer.from(JSON.stringify(v));
const linux = (architecture: string, variant = '') => ({ os: 'linux', architecture, variant });

describe('containers/image\'s MIME type guess', () => {
  test.each([
    [{ mediaType: MIME.schema2, schemaVersion: 2 }, MIME.schema2],
    [{ schemaVersion: 2, config: { mediaType: MIME.ociConfig } }, MIME.ociManifest],
    [{ schemaVersion: 2, manifests: [{ digest: 'x' }] }, MIME.ociIndex],
    [{ schemaVersion: 2 }, MIME.ociManifest],
    [{ schemaVersion: 1, fsLayers: [] }, MIME.schema1],
    [{ schemaVersion: 1, signatures: [] }, MIME.schema1Signed],
    [{ schemaVersion: '2' }, ''],
    [{ schemaVersion: 3 }, ''],
  ])('%j → %j', (manifest, mime) => {
    expect(guessMimeType(json(manifest))).toBe(mime);
  });

  test('bytes that are not JSON have no type', () => {
    expect(guessMimeType(Buffer.from('not json'))).toBe('');
  });
});

describe('containers/image\'s NormalizedMIMEType, and a manifest taken for schema1', () => {
  test.each([
    [MIME.ociManifest, MIME.ociManifest],
    [MIME.schema2List, MIME.schema2List],
    [MIME.schema1, MIME.schema1],
    ['application/json', MIME.schema1Signed],
    ['text/plain', MIME.schema1Signed],
    ['', MIME.schema1Signed],
  ])('%j → %j', (declared, normalized) => {
    expect(normalizeMimeType(declared)).toBe(normalized);
  });

  test('decodes as Schema1 and must say schemaVersion 1: an OCI manifest fails as "unsupported schema version 2"', () => {
    expect(() => checkSchema1Manifest(json({ schemaVersion: 2, mediaType: MIME.ociManifest, config: {}, layers: [] }))).toThrow(/^unsupported schema version 2$/);
    expect(() => checkSchema1Manifest(json({ mediaType: MIME.ociManifest }))).toThrow(/^unsupported schema version 0$/);
    expect(() => checkSchema1Manifest(json({ schemaVersion: '1' }))).toThrow('json: cannot unmarshal string into Go struct field Schema1.schemaVersion of type int');
    expect(() => checkSchema1Manifest(json({ schemaVersion: 1, fsLayers: [{ blobSum: 7 }] }))).toThrow('json: cannot unmarshal number into Go struct field Schema1FSLayers.fsLayers.blobSum of type digest.Digest');
    expect(() => checkSchema1Manifest(json({ schemaVersion: 1, name: 'x', fsLayers: [], history: [] }))).not.toThrow();
  });
});

describe('manifest parsing', () => {
  test('an OCI manifest with a "manifests" field is rejected as ambiguous', () => {
    expect(() => parseOciManifest(json({ schemaVersion: 2, config: {}, layers: [], manifests: [] }))).toThrow(
      'rejecting ambiguous manifest, unexpected fields []string{"manifests"} in supposedly application/vnd.oci.image.manifest.v1+json',
    );
  });

  test('schema2 refuses a layer media type Docker does not define, and the conversion refuses one it cannot map', () => {
    const layer = { mediaType: 'application/x-foo', size: 1, digest: `sha256:${'0'.repeat(64)}` };
    expect(() => parseSchema2Manifest(json({ schemaVersion: 2, mediaType: MIME.schema2, config: {}, layers: [layer] }))).toThrow(
      'unsupported docker v2s2 media type: "application/x-foo"',
    );
    const parsed = { mimeType: MIME.schema2, config: { digest: '', size: 0n, mediaType: MIME.schema2Config }, layers: [{ ...layer, size: 1n, urls: null }] };
    expect(() => convertSchema2ToOci(parsed, json({}))).toThrow('Unknown media type during manifest conversion: "application/x-foo"');
  });

  test('a list that is not valid for its type names itself and quotes the manifest', () => {
    expect(() => parseManifestList(json({ manifests: 'x' }), MIME.schema2List)).toThrow(
      /^unmarshaling Schema2List "\{\\"manifests\\":\\"x\\"\}": json: cannot unmarshal string into Go struct field Schema2ListPublic\.manifests of type \[\]manifest\.Schema2ManifestDescriptor$/,
    );
  });
});

describe('choosing the instance of an index or list', () => {
  const entry = (digest: string, platform: InstanceEntry['platform'], zstd = false): InstanceEntry => ({ digest, platform, zstd });

  test('the host\'s architecture is Go\'s name for process.arch', () => {
    expect(hostArchitecture('x64')).toBe('amd64');
    expect(hostArchitecture('arm64')).toBe('arm64');
    expect(hostArchitecture('ia32')).toBe('386');
  });

  test('an overridden architecture without a variant also accepts its known variants, most compatible last', () => {
    expect(wantedPlatforms({ os: 'linux', architecture: 'arm64' }).map((p) => p.variant)).toEqual(['', 'v8']);
    expect(wantedPlatforms({ os: 'linux', architecture: 'arm', variant: 'v7' }).map((p) => p.variant)).toEqual(['v7', 'v6', 'v5', '']);
  });

  test('OCI: the best platform rank wins, then a zstd instance, then the first; a platform-less entry is the last resort', () => {
    const wanted = [linux('amd64')];
    expect(chooseInstance([entry('a', linux('arm64')), entry('b', linux('amd64')), entry('c', linux('amd64'), true)], MIME.ociIndex, wanted)).toBe('c');
    expect(chooseInstance([entry('a', null), entry('b', linux('amd64'))], MIME.ociIndex, wanted)).toBe('b');
    expect(chooseInstance([entry('a', linux('arm64')), entry('b', null)], MIME.ociIndex, wanted)).toBe('b');
    expect(() => chooseInstance([entry('a', linux('arm64'))], MIME.ociIndex, wanted)).toThrow(
      'no image found in image index for architecture "amd64", variant "", OS "linux"',
    );
  });

  test('Docker list: the first entry matching the most wanted platform', () => {
    const wanted = [linux('arm', 'v7'), linux('arm', 'v6'), linux('arm')];
    expect(chooseInstance([entry('a', linux('arm', 'v6')), entry('b', linux('arm', 'v7'))], MIME.schema2List, wanted)).toBe('b');
    expect(() => chooseInstance([entry('a', null)], MIME.schema2List, wanted)).toThrow(
      'no image found in manifest list for architecture "arm", variant "v7", OS "linux"',
    );
  });
});
