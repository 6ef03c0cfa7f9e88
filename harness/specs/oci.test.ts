import { describe, expect, it } from 'vitest';
import { loadSpecs } from './specs.js';
import type { Validation } from './types.js';

const specs = loadSpecs();

const sha = (c: string) => 'sha256:' + c.repeat(64);

// GetManifest payload recorded from skopeo for an OCI layout image.
const MANIFEST = {
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  config: {
    mediaType: 'application/vnd.oci.image.config.v1+json',
    digest: 'sha256:7504d0278564a7b0f10c4df69e062cbee56f93d98d6659bb44ce87e4d9f1c2f6',
    size: 765,
  },
  layers: [
    {
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
      digest: 'sha256:c9a93e68c8d6157bef2f7c56ad6e66c78fe9ade7c3c2e67801c953d38d0daf54',
      size: 180,
    },
    {
      mediaType: 'application/vnd.oci.image.layer.v1.tar',
      digest: 'sha256:aa88cbb79389867c1952935c11e2151af634ef1eff2b16129ab86720a2194345',
      size: 4198400,
    },
  ],
};

// GetFullConfig payload recorded from skopeo: Go's compact re-encoding of the config blob.
const CONFIG = {
  created: '2024-01-01T00:00:00Z',
  architecture: 'amd64',
  os: 'linux',
  config: {
    Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    Cmd: ['/bin/sh', '-c', 'echo hello'],
    WorkingDir: '/',
    Labels: { 'org.example.fixture': 'proxy-probe' },
  },
  rootfs: {
    type: 'layers',
    diff_ids: [
      'sha256:46266aec4c294026149ea45e4bc5b3713ed44d5f52fa400caab0b6cb3a1b8162',
      'sha256:aa88cbb79389867c1952935c11e2151af634ef1eff2b16129ab86720a2194345',
    ],
  },
  history: [
    { created: '2024-01-01T00:00:00Z', created_by: 'layer 0' },
    { created: '2024-01-01T00:00:00Z', created_by: 'layer 1' },
  ],
};

const INDEX = {
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.index.v1+json',
  manifests: [
    { mediaType: MANIFEST.mediaType, digest: sha('1'), size: 476, platform: { architecture: 'amd64', os: 'linux' } },
    {
      mediaType: MANIFEST.mediaType,
      digest: sha('2'),
      size: 476,
      platform: { architecture: 'arm64', os: 'linux', variant: 'v8' },
    },
  ],
};

function expectRejected(result: Validation, message: RegExp): void {
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.errors.join('\n')).toMatch(message);
}

describe('OCI image manifest', () => {
  it('accepts the manifest skopeo streams, and the same document through GetManifest payload validation', () => {
    expect(specs.validateOciManifest(MANIFEST)).toEqual({ ok: true });
    expect(specs.validatePayload('GetManifest', MANIFEST)).toEqual({ ok: true });
  });

  it('accepts a manifest without mediaType, with no layers, and with a subject and unknown members', () => {
    const { mediaType: _omitted, ...bare } = MANIFEST;
    expect(specs.validateOciManifest({ ...bare, layers: [], subject: MANIFEST.config, 'org.example.extra': 1 })).toEqual({ ok: true });
  });

  const invalid: [string, unknown, RegExp][] = [
    ['a manifest missing config', { ...MANIFEST, config: undefined }, /must have required property 'config'/],
    ['a manifest missing layers', { schemaVersion: 2, config: MANIFEST.config }, /must have required property 'layers'/],
    ['schemaVersion 1', { ...MANIFEST, schemaVersion: 1 }, /\$\.schemaVersion must be equal to constant 2/],
    ['an index media type', { ...MANIFEST, mediaType: INDEX.mediaType }, /\$\.mediaType must be equal to constant/],
    ['a Docker media type', { ...MANIFEST, mediaType: 'application/vnd.docker.distribution.manifest.v2+json' }, /\$\.mediaType/],
    ['a short sha256 digest', { ...MANIFEST, layers: [{ ...MANIFEST.layers[0], digest: 'sha256:c9a93e68' }] }, /\$\.layers\[0\]\.digest/],
    ['a layer without size', { ...MANIFEST, layers: [{ mediaType: 'a/b', digest: sha('a') }] }, /\$\.layers\[0\] must have required property 'size'/],
    ['a negative size', { ...MANIFEST, config: { ...MANIFEST.config, size: -1 } }, /\$\.config\.size must be >= 0/],
    ['a media type with parameters', { ...MANIFEST, config: { ...MANIFEST.config, mediaType: 'text/plain; charset=utf-8' } }, /\$\.config\.mediaType must match pattern/],
    ['a non-string annotation', { ...MANIFEST, annotations: { 'org.example': 1 } }, /\$\.annotations\["org\.example"\] must be string/],
  ];
  for (const [what, manifest, message] of invalid) {
    it(`rejects ${what}`, () => {
      expectRejected(specs.validateOciManifest(JSON.parse(JSON.stringify(manifest))), message);
    });
  }
});

describe('OCI image index and descriptor', () => {
  it('accepts an index with per-platform entries', () => {
    expect(specs.validateOciIndex(INDEX)).toEqual({ ok: true });
  });

  it('rejects an index without manifests, and a platform without os', () => {
    expectRejected(specs.validateOciIndex({ schemaVersion: 2 }), /must have required property 'manifests'/);
    const entry = { ...INDEX.manifests[0], platform: { architecture: 'amd64' } };
    expectRejected(specs.validateOciIndex({ ...INDEX, manifests: [entry] }), /\$\.manifests\[0\]\.platform must have required property 'os'/);
  });

  it('accepts embedded base64 data and rejects data that is not base64', () => {
    const descriptor = { mediaType: 'application/vnd.oci.empty.v1+json', digest: sha('4'), size: 2 };
    expect(specs.validateOciDescriptor({ ...descriptor, data: 'e30=' })).toEqual({ ok: true });
    expectRejected(specs.validateOciDescriptor({ ...descriptor, data: 'e30' }), /\$\.data must match pattern/);
  });
});

describe('OCI image config', () => {
  it('accepts the config skopeo streams from GetFullConfig', () => {
    expect(specs.validateOciConfig(CONFIG)).toEqual({ ok: true });
    expect(specs.validatePayload('GetFullConfig', CONFIG)).toEqual({ ok: true });
  });

  it('accepts what Go re-encoding emits: an empty config object, null diff_ids, and unknown Docker members', () => {
    const reencoded = { architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: null }, container: 'abc' };
    expect(specs.validateOciConfig(reencoded)).toEqual({ ok: true });
  });

  it('accepts the config member alone as the GetConfig payload', () => {
    expect(specs.validatePayload('GetConfig', CONFIG.config)).toEqual({ ok: true });
    expectRejected(specs.validatePayload('GetConfig', { ...CONFIG.config, Cmd: '/bin/sh' }), /\$\.Cmd must be array/);
  });

  const invalid: [string, unknown, RegExp][] = [
    ['a config missing rootfs', { architecture: 'amd64', os: 'linux' }, /must have required property 'rootfs'/],
    ['a config missing os', { ...CONFIG, os: undefined }, /must have required property 'os'/],
    ['an empty architecture', { ...CONFIG, architecture: '' }, /\$\.architecture must NOT have fewer than 1 characters/],
    ['a rootfs type other than layers', { ...CONFIG, rootfs: { type: 'tar', diff_ids: [] } }, /\$\.rootfs\.type must be equal to constant "layers"/],
    ['a created time that is not RFC 3339', { ...CONFIG, created: '2024-01-01 00:00' }, /\$\.created must match pattern/],
    ['exposed ports given as a list', { ...CONFIG, config: { ExposedPorts: ['80/tcp'] } }, /\$\.config\.ExposedPorts must be object/],
    ['a history entry with a numeric comment', { ...CONFIG, history: [{ comment: 1 }] }, /\$\.history\[0\]\.comment must be string/],
  ];
  for (const [what, config, message] of invalid) {
    it(`rejects ${what}`, () => {
      expectRejected(specs.validateOciConfig(JSON.parse(JSON.stringify(config))), message);
    });
  }
});

describe('layer info and the GetRawBlob error pipe', () => {
  it('accepts layer info with Docker media types, as skopeo reports for converted images', () => {
    const info = [{ digest: sha('c'), size: 180, media_type: 'application/vnd.docker.image.rootfs.diff.tar.gzip' }];
    expect(specs.validatePayload('GetLayerInfoPiped', info)).toEqual({ ok: true });
  });

  it('rejects layer info keyed mediaType, as the manual once named it', () => {
    const info = [{ digest: sha('c'), size: 180, mediaType: 'application/vnd.oci.image.layer.v1.tar' }];
    expectRejected(specs.validatePayload('GetLayerInfoPiped', info), /\$\[0\] must have required property 'media_type'/);
  });

  it('throws a usage error for a method whose payload is raw bytes', () => {
    expect(() => specs.validatePayload('GetBlob', [])).toThrow(expect.objectContaining({ code: 'PC_USAGE' }));
  });

  it('accepts the error object skopeo writes after the client closes the data pipe', () => {
    expect(specs.validateErrorPipeObject({ code: 'EPIPE', message: 'write |1: broken pipe' })).toEqual({ ok: true });
  });

  const invalid: [string, unknown, RegExp][] = [
    ['an unknown code', { code: 'EIO', message: 'x' }, /\$\.code must be equal to one of the allowed values/],
    ['an empty message', { code: 'other', message: '' }, /\$\.message must NOT have fewer than 1 characters/],
    ['a missing message', { code: 'retryable' }, /must have required property 'message'/],
    ['the reply envelope instead', { success: false, error: 'x' }, /must NOT have additional properties/],
  ];
  for (const [what, object, message] of invalid) {
    it(`rejects an error-pipe object with ${what}`, () => {
      expectRejected(specs.validateErrorPipeObject(object), message);
    });
  }
});
