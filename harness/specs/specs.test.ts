import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { TRANSPORT_NAMES } from '../images/types.js';
import { readSpecFiles } from './read.js';
import { loadSpecs, resolveRef, Specs } from './specs.js';
import { makeAjv } from './validation.js';

const specs = loadSpecs();

describe('loading', () => {
  it('compiles every schema under specs/ in strict mode', () => {
    const files = readSpecFiles();
    const ajv = makeAjv();
    for (const schema of files.schemas) ajv.addSchema(schema);
    const ids = files.schemas.map((s) => s.$id as string);
    for (const id of ids) expect(typeof ajv.getSchema(id), id).toBe('function');
    expect(ids.map((id) => id.replace(resolveRef(''), '')).sort()).toEqual([
      'baseline.schema.json',
      'config.schema.json',
      'deviations.schema.json',
      'methods.schema.json',
      'results.schema.json',
      'scenario.schema.json',
      'schemas/error-pipe.schema.json',
      'schemas/layer-info.schema.json',
      'schemas/oci/defs.schema.json',
      'schemas/oci/descriptor.schema.json',
      'schemas/oci/image-config.schema.json',
      'schemas/oci/image-index.schema.json',
      'schemas/oci/image-manifest.schema.json',
      'schemas/reply-0.2.1.schema.json',
      'schemas/reply-0.2.8.schema.json',
      'schemas/request.schema.json',
      'schemas/values.schema.json',
      'transports.schema.json',
      'versions.schema.json',
    ]);
  });

  it('compiles, on demand, every schema, every reference the method table and history make, and every argument list', () => {
    // Compiled here, not taken from the build, which compiles them the same way.
    expect(() => new Specs(readSpecFiles(), { precompiled: false }).compileAll()).not.toThrow();
  });

  it('returns the same instance on every call, so schemas compile once per process', () => {
    expect(loadSpecs()).toBe(specs);
  });

  it('refuses a method table that breaks its schema, naming the file and the path', () => {
    const files = readSpecFiles();
    const methods = { methods: [{ name: 'GetBlob', args: [], returns: 'stream' }] };
    expect(() => new Specs({ ...files, methods })).toThrow(/specs\/methods\.json is invalid: .*\$\.methods\[0\]\.returns/);
  });
});

describe('method table', () => {
  it('lists the thirteen protocol methods once each, in manual order', () => {
    expect(specs.methods.map((m) => m.name)).toEqual([
      'Initialize',
      'OpenImage',
      'OpenImageOptional',
      'CloseImage',
      'GetManifest',
      'GetConfig',
      'GetFullConfig',
      'GetBlob',
      'GetRawBlob',
      'GetLayerInfo',
      'GetLayerInfoPiped',
      'FinishPipe',
      'Shutdown',
    ]);
  });

  it('introduces every method in a version the history lists', () => {
    const listed = specs.versions.protocol.map((v) => v.version);
    for (const m of specs.methods) expect(listed, m.name).toContain(m.since);
  });

  it('replaces each deprecated method with a live method that is no older', () => {
    for (const m of specs.methods.filter((x) => x.deprecated)) {
      const replacement = specs.methodByName(m.replacedBy ?? '');
      expect(replacement?.deprecated, m.name).toBe(false);
      expect(semver.gte(replacement?.since ?? '0.0.0', m.since), m.name).toBe(true);
    }
  });

  it('records how each result returns: one pipe with FinishPipe, a pipe pair only for GetRawBlob, no reply only for Shutdown', () => {
    const byKind = (kind: string) => specs.methods.filter((m) => m.returns === kind).map((m) => m.name);
    expect(byKind('pipe')).toEqual(['GetManifest', 'GetConfig', 'GetFullConfig', 'GetBlob', 'GetLayerInfoPiped']);
    expect(byKind('pipe-pair')).toEqual(['GetRawBlob']);
    expect(byKind('none')).toEqual(['Shutdown']);
  });

  it('answers undefined for a name outside the protocol, matching case exactly', () => {
    expect(specs.methodByName('GetBlob')?.args.map((a) => a.name)).toEqual(['imageId', 'digest', 'size']);
    expect(specs.methodByName('getblob')).toBeUndefined();
  });
});

describe('version history and deviations', () => {
  it('lists protocol versions oldest first, switching to the error_code envelope at 0.2.8', () => {
    const versions = specs.versions.protocol.map((v) => v.version);
    expect(versions).toEqual([...versions].sort(semver.compare));
    expect(specs.versionEntry('0.2.7').reply).toBe('schemas/reply-0.2.1.schema.json');
    expect(specs.versionEntry('0.2.8').reply).toBe('schemas/reply-0.2.8.schema.json');
  });

  it('maps skopeo releases to the protocol they speak, including both releases we observed', () => {
    expect(specs.protocolOfSkopeo('1.9.3')).toBe('0.2.3');
    expect(specs.protocolOfSkopeo('1.12.0')).toBe('0.2.5');
    expect(specs.protocolOfSkopeo('1.18.1')).toBe('0.2.6');
    expect(specs.protocolOfSkopeo('1.20.0')).toBe('0.2.8');
    expect(specs.protocolOfSkopeo('1.5.0')).toBeUndefined();
    for (const range of specs.versions.skopeo) {
      for (const release of range.observed) expect(semver.satisfies(release, range.releases), release).toBe(true);
    }
  });

  it('gives each deviation a unique id and cites only methods from the table', () => {
    const ids = specs.deviations.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const d of specs.deviations) for (const m of d.methods) expect(specs.methodByName(m), `${d.id}: ${m}`).toBeDefined();
    expect(specs.deviationById('shutdown-no-reply')?.methods).toEqual(['Shutdown']);
  });

  it('dates each deviation only to skopeo releases we observed ourselves', () => {
    const observed = specs.versions.skopeo.flatMap((r) => r.observed);
    for (const d of specs.deviations) for (const release of d.skopeo) expect(observed, d.id).toContain(release);
  });
});

describe('transports', () => {
  it('lists the same transports, in the same order, as the TypeScript union the fixture builder and the cases use', () => {
    expect(loadSpecs().transports.map((t) => t.name)).toEqual([...TRANSPORT_NAMES]);
  });
});

describe('reply values', () => {
  const valid: [string, unknown][] = [
    ['Initialize', '0.2.8'],
    ['OpenImage', 2 ** 53 - 1],
    ['OpenImageOptional', 0],
    ['CloseImage', null],
    ['GetManifest', 'sha512:' + 'a'.repeat(128)],
    ['GetManifest', 'blake3:' + 'A'.repeat(10)],
    ['GetBlob', -1],
    ['GetRawBlob', 0],
    ['GetLayerInfo', []],
    ['Shutdown', null],
  ];
  for (const [method, value] of valid) {
    it(`accepts ${JSON.stringify(value)} from ${method}`, () => {
      expect(specs.validateValue(method, value)).toEqual({ ok: true });
    });
  }

  const invalid: [string, unknown, RegExp][] = [
    ['Initialize', '0.2', /must match pattern/],
    ['Initialize', 2, /must be string/],
    ['OpenImage', 0, /must be >= 1/],
    ['OpenImage', 2 ** 53, /must be <= 9007199254740991/],
    ['OpenImage', 1.5, /must be integer/],
    ['OpenImageOptional', -1, /must be >= 0/],
    ['CloseImage', 1, /must be null/],
    ['GetManifest', 'sha256:abc', /must match pattern "\^sha256:\[a-f0-9\]\{64\}\$"/],
    ['GetManifest', 'sha256:' + 'A'.repeat(64), /must match pattern/],
    ['GetManifest', 'e367d69320dd0707', /must match pattern/],
    ['GetFullConfig', {}, /must be null/],
    ['GetBlob', -2, /must be >= -1/],
    ['GetLayerInfo', [{ digest: 'sha256:' + 'a'.repeat(64), size: 1 }], /\$\[0\] must have required property 'media_type'/],
    ['GetLayerInfoPiped', [], /must be null/],
    ['FinishPipe', '', /must be null/],
  ];
  for (const [method, value, message] of invalid) {
    it(`rejects ${JSON.stringify(value)} from ${method}`, () => {
      const result = specs.validateValue(method, value);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors.join('\n')).toMatch(message);
    });
  }

  it('throws a usage error for a method the table does not know', () => {
    expect(() => specs.validateValue('Bogus', null)).toThrow(expect.objectContaining({ code: 'PC_USAGE' }));
  });
});

describe('requests', () => {
  it('accepts the requests a client sends for every method', () => {
    const digest = 'sha256:' + 'c'.repeat(64);
    const requests = [
      { method: 'Initialize', args: [] },
      { method: 'OpenImage', args: ['oci:layout:latest'] },
      { method: 'GetBlob', args: [1, digest, 180] },
      { method: 'GetRawBlob', args: [1, digest] },
      { method: 'FinishPipe', args: [4294967295] },
      { method: 'Shutdown', args: [] },
    ];
    for (const request of requests) expect(specs.validateRequest(request), request.method).toEqual({ ok: true });
  });

  const invalid: [string, unknown, RegExp][] = [
    ['a missing args key', { method: 'Initialize' }, /must have required property 'args'/],
    ['an extra key', { method: 'Initialize', args: [], id: 7 }, /additional properties \("id"\)/],
    ['an empty method', { method: '', args: [] }, /\$\.method must NOT have fewer than 1 characters/],
    ['an unknown method', { method: 'Bogus', args: [] }, /\$\.method is not a protocol method \("Bogus"\)/],
    ['a method in the wrong case', { method: 'openimage', args: ['x:y'] }, /not a protocol method/],
    ['an argument to Initialize', { method: 'Initialize', args: [1] }, /\$\.args must NOT have more than 0 items/],
    ['FinishPipe without its pipe id', { method: 'FinishPipe', args: [] }, /\$\.args must NOT have fewer than 1 items/],
    ['a string image id', { method: 'CloseImage', args: ['2'] }, /\$\.args\[0\] must be integer/],
    ['a fractional size', { method: 'GetBlob', args: [1, 'sha256:x', 180.5] }, /\$\.args\[2\] must be integer/],
    ['a pipe id above uint32', { method: 'FinishPipe', args: [2 ** 32] }, /\$\.args\[0\] must be <= 4294967295/],
    ['an extra argument', { method: 'GetRawBlob', args: [1, 'sha256:x', 3] }, /\$\.args must NOT have more than 2 items/],
  ];
  for (const [what, request, message] of invalid) {
    it(`rejects a request with ${what}`, () => {
      const result = specs.validateRequest(request);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors.join('\n')).toMatch(message);
    });
  }
});
