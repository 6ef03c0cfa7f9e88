// The methods against the golden fixtures and skopeo 1.20.0's recorded behaviour, over a real
// socketpair with the project's ProxyClient (the proxy runs in this process).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import type { FixtureImage } from '../../images/index.js';
import { expected, failure, largeLayer, loadGoldenImages, raw, sha256 } from '../../test-support/reference-proxy/golden.js';
import { countOpenFds, expectReply, fixtureImage, withSession } from '../../test-support/reference-proxy/session.js';

let simple: FixtureImage;
let big: FixtureImage;
let index: FixtureImage;
let schema2: FixtureImage;

beforeAll(async () => {
  ({ simple, big, index, schema2 } = await loadGoldenImages());
});

describe('happy paths against the golden fixtures', () => {
  test('Initialize replies "0.2.8" in the exact 0.2.8 envelope, one packet, no fds', async () => {
    await withSession([], async (s) => {
      const r = await s.reply('Initialize');
      expect(raw(r)).toBe('{"success":true,"value":"0.2.8","pipeid":0,"error_code":"","error":""}');
      expect(r.fds).toEqual([]);
    });
  });

  test.each(['oci-simple@oci', 'oci-simple@oci-archive', 'oci-simple@dir', 'oci-mixed@oci', 'oci-many-layers@dir', 'oci-big-layer@oci-archive'])(
    'GetManifest on %s pipes the golden manifest through one fd and replies its digest; FinishPipe succeeds',
    async (id) => {
      const image = await fixtureImage(id);
      await withSession([], async (s) => {
        await s.initialize();
        const imageId = await s.open(image.reference);
        const { reply, payload, finish } = await s.piped('GetManifest', [imageId]);
        expect(reply.fds.length).toBe(1);
        expect(reply.reply.pipeid).toBeGreaterThan(0);
        expect(reply.reply.value).toBe(expected(image).manifest.digest);
        expect(payload.data?.equals(readFileSync(expected(image).manifest.bytesFile))).toBe(true);
        expect(payload.end).toBe('eof');
        expect(expectReply(finish, 'FinishPipe').reply).toEqual({ success: true, value: null, pipeid: 0, error_code: '', error: '' });
      });
    },
  );

  test.each(['oci-index@oci', 'oci-index@oci-archive', 'oci-index@dir', 'docker-list@dir'])(
    'GetManifest on the index or list %s serves the linux/amd64 instance, with the instance digest as value',
    async (id) => {
      const image = await fixtureImage(id);
      await withSession([], async (s) => {
        await s.initialize();
        const { reply, payload } = await s.piped('GetManifest', [await s.open(image.reference)]);
        expect(reply.reply.value).toBe(expected(image).manifest.digest);
        expect(reply.reply.value).not.toBe(image.index?.digest);
        expect(payload.data?.equals(readFileSync(expected(image).manifest.bytesFile))).toBe(true);
      });
    },
  );

  test('GetManifest on Docker schema2 pipes the converted OCI bytes of the fixture and replies the original digest', async () => {
    await withSession([], async (s) => {
      await s.initialize();
      const { reply, payload } = await s.piped('GetManifest', [await s.open(schema2.reference)]);
      const e = expected(schema2);
      expect(e.manifest.source).toBeDefined();
      expect(reply.reply.value).toBe(e.manifest.source?.digest);
      expect(payload.data?.equals(readFileSync(e.manifest.bytesFile))).toBe(true);
      expect(payload.sha256).not.toBe(reply.reply.value);
    });
  });

  test('--override-arch arm64 resolves the index to its arm64 instance', async () => {
    const arm64 = index.platforms?.find((p) => p.platform.architecture === 'arm64');
    await withSession(['--override-arch', 'arm64'], async (s) => {
      await s.initialize();
      const { reply } = await s.piped('GetManifest', [await s.open(index.reference)]);
      expect(reply.reply.value).toBe(arm64?.manifest.digest);
    });
  });

  test.each(['oci-simple@oci', 'docker-schema2@dir', 'oci-index@oci'])(
    'GetFullConfig on %s pipes the config re-serialised by Go (equal to the Go-ordered fixture); GetConfig only its config member',
    async (id) => {
      const image = await fixtureImage(id);
      const configBytes = readFileSync(expected(image).config.bytesFile);
      await withSession([], async (s) => {
        await s.initialize();
        const imageId = await s.open(image.reference);
        const full = await s.piped('GetFullConfig', [imageId]);
        expect(full.reply.reply.value).toBeNull();
        expect(full.payload.data?.toString()).toBe(configBytes.toString());
        const member = await s.piped('GetConfig', [imageId]);
        expect(member.payload.data?.toString()).toBe(JSON.stringify(JSON.parse(configBytes.toString()).config));
      });
    },
  );

  test.each(['oci-simple@oci', 'docker-schema2@dir', 'oci-many-layers@oci'])(
    'GetLayerInfo (inline) and GetLayerInfoPiped on %s list digest, size and the source media type',
    async (id) => {
      const image = await fixtureImage(id);
      const want = expected(image).layers.map((l) => ({ digest: l.digest, size: l.size, media_type: l.sourceMediaType ?? l.mediaType }));
      await withSession([], async (s) => {
        await s.initialize();
        const imageId = await s.open(image.reference);
        // Inline replies can exceed 32 KiB (300 layers): the client's buffer must be larger.
        expect((await s.ok('GetLayerInfo', [imageId])).reply.value).toEqual(want);
        const piped = await s.piped('GetLayerInfoPiped', [imageId]);
        expect(JSON.parse(piped.payload.data?.toString() ?? '')).toEqual(want);
      });
    },
  );

  test('the Docker media types in GetLayerInfo differ from the converted manifest\'s (skopeo quirk 16)', async () => {
    const e = expected(schema2);
    expect(e.layers.some((l) => l.sourceMediaType !== undefined && l.sourceMediaType !== l.mediaType)).toBe(true);
  });

  test('GetBlob streams each layer and the config, value = size, data matching its digest, FinishPipe clean', async () => {
    const e = expected(simple);
    await withSession([], async (s) => {
      await s.initialize();
      const imageId = await s.open(simple.reference);
      for (const blob of [...e.layers, e.config]) {
        const { reply, payload, finish } = await s.piped('GetBlob', [imageId, blob.digest, blob.size]);
        expect(reply.reply.value).toBe(blob.size);
        expect(reply.fds.length).toBe(1);
        expect(payload).toMatchObject({ bytes: blob.size, sha256: blob.digest, end: 'eof' });
        expect(expectReply(finish, 'FinishPipe').reply.success).toBe(true);
      }
    });
  });

  test('GetBlob streams a 4 MiB layer from the file without holding it (data verified end to end)', async () => {
    const layer = largeLayer(big);
    await withSession([], async (s) => {
      await s.initialize();
      const { payload, finish } = await s.piped('GetBlob', [await s.open(big.reference), layer.digest, layer.size], { timeoutMs: 10_000 });
      expect(payload).toMatchObject({ bytes: layer.size, sha256: layer.digest, end: 'eof' });
      expect(expectReply(finish, 'FinishPipe').reply.success).toBe(true);
    });
  });

  test('any blob stored in the layout is served, referenced by the opened image or not (skopeo quirk 15)', async () => {
    const arm64Layer = index.platforms?.find((p) => p.platform.architecture === 'arm64')?.layers.find((l) => !expected(index).layers.some((a) => a.digest === l.digest));
    expect(arm64Layer).toBeDefined();
    await withSession([], async (s) => {
      await s.initialize();
      const { payload } = await s.piped('GetBlob', [await s.open(index.reference), arm64Layer?.digest, arm64Layer?.size]);
      expect(payload.sha256).toBe(arm64Layer?.digest);
    });
  });

  test('GetRawBlob replies value = size, pipeid 0 and two fds [data, error]; data arrives whole, the error pipe is empty, both reach EOF without FinishPipe', async () => {
    const layer = largeLayer(simple);
    await withSession([], async (s) => {
      await s.initialize();
      const r = await s.ok('GetRawBlob', [await s.open(simple.reference), layer.digest]);
      expect(raw(r)).toBe(`{"success":true,"value":${layer.size},"pipeid":0,"error_code":"","error":""}`);
      expect(r.fds.length).toBe(2);
      const [data, err] = r.fds.map((fd) => s.take(fd)) as [number, number];
      const [d, e] = await Promise.all([s.drain(data), s.drain(err)]);
      expect(d).toMatchObject({ bytes: layer.size, sha256: layer.digest, end: 'eof' });
      expect(e).toMatchObject({ bytes: 0, end: 'eof' });
      expect(raw(await s.reply('FinishPipe', [0]))).toBe(failure('finishpipe: no active pipe 0'));
    });
  });

  test('OpenImageOptional returns an id for an existing image and 0 for a missing tag (oci and oci-archive)', async () => {
    const archive = await fixtureImage('oci-simple@oci-archive');
    await withSession([], async (s) => {
      await s.initialize();
      expect((await s.ok('OpenImageOptional', [simple.reference])).reply.value).toBe(1);
      expect((await s.ok('OpenImageOptional', [simple.reference.replace(/:latest$/, ':nosuchtag')])).reply.value).toBe(0);
      expect((await s.ok('OpenImageOptional', [archive.reference.replace(/:latest$/, ':nosuchtag')])).reply.value).toBe(0);
      expect((await s.ok('OpenImageOptional', [archive.reference.replace(/oci-simple\.tar:latest$/, 'missing.tar')])).reply.value).toBe(0);
    });
  });

  test('image ids count up from 1 and are never reused; a closed id is "no image N"', async () => {
    await withSession([], async (s) => {
      await s.initialize();
      expect(await s.open(simple.reference)).toBe(1);
      expect(await s.open(simple.reference)).toBe(2);
      expect((await s.ok('CloseImage', [1])).reply.value).toBeNull();
      expect(raw(await s.reply('CloseImage', [1]))).toBe(failure('no image 1'));
      expect(raw(await s.reply('GetManifest', [1]))).toBe(failure('no image 1'));
      expect(await s.open(simple.reference)).toBe(3);
    });
  });

  test('the fd count stays flat over 40 GetBlob + FinishPipe cycles and 40 OpenImage/CloseImage pairs', async () => {
    const layer = expected(simple).layers[0] as { digest: string; size: number };
    await withSession([], async (s) => {
      await s.initialize();
      const id = await s.open(simple.reference);
      await s.piped('GetBlob', [id, layer.digest, layer.size]);
      const before = countOpenFds();
      for (let i = 0; i < 40; i++) {
        await s.piped('GetBlob', [id, layer.digest, layer.size]);
        await s.ok('CloseImage', [await s.open(simple.reference)]);
      }
      expect(countOpenFds()).toBe(before);
    });
  });
});

describe('sanity of the fixture expectations used above', () => {
  test('the golden manifest files hash to their digests', () => {
    for (const image of [simple, big, index]) expect(sha256(readFileSync(expected(image).manifest.bytesFile))).toBe(expected(image).manifest.digest);
  });
});
