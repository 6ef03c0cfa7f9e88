// The reference proxy against the fixture set and skopeo 1.20.0's recorded behaviour, over a real
// socketpair with the project's ProxyClient (the proxy runs in this process).
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import * as native from '../native.js';
import type { FixtureImage } from '../fixtures/index.js';
import { countOpenFds, expectReply, fixtureImage, loadFixtures, Session, withSession, type Reply } from './test-support/session.js';

const sha256 = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

let simple: FixtureImage;
let big: FixtureImage;
let corrupt: FixtureImage;
let index: FixtureImage;
let schema2: FixtureImage;

beforeAll(async () => {
  await loadFixtures();
  simple = await fixtureImage('oci-simple@oci');
  big = await fixtureImage('oci-big-layer@oci');
  corrupt = await fixtureImage('neg-corrupt-blob@oci');
  index = await fixtureImage('oci-index@oci');
  schema2 = await fixtureImage('docker-schema2@dir');
});

function expected(image: FixtureImage) {
  if (!image.expected) throw new Error(`${image.id} has no expected content`);
  return image.expected;
}

function largeLayer(image: FixtureImage) {
  const layer = expected(image).layers.find((l) => l.size > 64 * 1024);
  if (!layer) throw new Error(`${image.id} has no layer over 64 KiB`);
  return layer;
}

/** The exact reply bytes skopeo 1.20.0 sends for a failure (Go escapes < > & in JSON strings). */
function failure(message: string, code = 'other'): string {
  const json = JSON.stringify({ success: false, value: null, pipeid: 0, error_code: code, error: message });
  return json.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

function raw(r: Reply): string {
  return r.raw.toString('utf8');
}

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

  test('oci-archive extracts into a temporary directory (under TMPDIR) that CloseImage and the end of the session remove', async () => {
    const archive = await fixtureImage('oci-simple@oci-archive');
    const savedTmpdir = process.env.TMPDIR;
    const tmpdir = mkdtempSync(path.join(os.tmpdir(), 'reference-proxy-test-'));
    process.env.TMPDIR = tmpdir;
    const tempDirs = () => readdirSync(tmpdir).filter((n) => n.startsWith('reference-proxy-oci-archive-')).length;
    const s = new Session([]);
    try {
      await s.initialize();
      const a = await s.open(archive.reference);
      await s.open(archive.reference);
      expect(tempDirs()).toBe(2);
      await s.ok('CloseImage', [a]);
      expect(tempDirs()).toBe(1);
      expect(await s.end()).toBe(0);
      expect(tempDirs()).toBe(0);
    } finally {
      await s.end();
      if (savedTmpdir === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmpdir;
      rmSync(tmpdir, { recursive: true, force: true });
    }
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

describe('lifecycle as in skopeo 1.20.0', () => {
  test('Shutdown gets no reply: the socket reaches EOF and the proxy exits 0, also before Initialize and with arguments', async () => {
    for (const args of [[], [1, 'x']]) {
      const s = new Session([]);
      if (args.length === 0) await s.initialize();
      const outcome = await s.call('Shutdown', args);
      expect(outcome.kind).toBe('eof');
      expect(await s.end()).toBe(0);
      expect(s.stderr).toBe('');
    }
  });

  test('closing the client socket (EOF) ends the proxy with exit 0', async () => {
    const s = new Session([]);
    await s.initialize();
    expect(await s.end()).toBe(0);
  });

  test('a zero-length packet is EOF: no reply, exit 0', async () => {
    const s = new Session([]);
    await s.initialize();
    expect((await s.raw(Buffer.alloc(0), 1000)).kind).toBe('eof');
    expect(await s.end()).toBe(0);
  });

  test('FinishPipe without arguments crashes as skopeo does: no reply, a panic line on stderr, exit 2 (before Initialize too)', async () => {
    for (const [request, init] of [
      ['{"method":"FinishPipe","args":[]}', true],
      ['{"method":"FinishPipe","args":null}', true],
      ['{"method":"FinishPipe"}', false],
    ] as const) {
      const s = new Session([]);
      if (init) await s.initialize();
      expect((await s.raw(request, 2000)).kind).toBe('eof');
      expect(await s.end()).toBe(2);
      expect(s.stderr).toMatch(/^panic: runtime error: index out of range \[0\] with length 0\n/);
    }
  });

  test('Shutdown with an unread 4 MiB pipe exits at once; the pipe yields what was buffered, then EOF', async () => {
    const layer = largeLayer(big);
    const s = new Session([]);
    await s.initialize();
    const r = await s.ok('GetBlob', [await s.open(big.reference), layer.digest, layer.size]);
    const fd = s.take(r.fds[0] as number);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await s.call('Shutdown')).kind).toBe('eof');
    const payload = await s.drain(fd);
    expect(payload.end).toBe('eof');
    expect(payload.bytes).toBeGreaterThan(0);
    expect(payload.bytes).toBeLessThan(layer.size);
    expect(await s.end()).toBe(0);
  });

  test('a client that closes its socket while FinishPipe is blocked leaves the proxy alive until the pipe closes; then the reply fails and it exits 1', async () => {
    const layer = largeLayer(big);
    const s = new Session([]);
    await s.initialize();
    const r = await s.ok('GetBlob', [await s.open(big.reference), layer.digest, layer.size]);
    const fd = s.take(r.fds[0] as number);
    await s.client.send(Buffer.from(JSON.stringify({ method: 'FinishPipe', args: [r.reply.pipeid] })));
    s.socket.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(s.exitCode).toBeNull();
    s.closeFd(fd);
    expect(await s.waitForExit()).toBe(1);
    expect(s.stderr).toMatch(/level=fatal msg="writing to socket: .*broken pipe"/);
  });
});

describe('pipes and FinishPipe as in skopeo 1.20.0', () => {
  test('a payload pipe reaches EOF only after FinishPipe: reading first gets every byte but no EOF', async () => {
    await withSession([], async (s) => {
      await s.initialize();
      const r = await s.ok('GetManifest', [await s.open(simple.reference)]);
      const fd = s.take(r.fds[0] as number);
      const early = await s.drain(fd, { timeoutMs: 300 });
      expect(early).toMatchObject({ end: 'aborted', sha256: expected(simple).manifest.digest });
      expect((await s.ok('FinishPipe', [r.reply.pipeid])).reply.success).toBe(true);
    });
  });

  test('FinishPipe before the client drains more than 64 KiB blocks it and every later request, until the client reads', async () => {
    const layer = largeLayer(simple);
    await withSession([], async (s) => {
      await s.initialize();
      const r = await s.ok('GetBlob', [await s.open(simple.reference), layer.digest, layer.size]);
      const fd = s.take(r.fds[0] as number);
      expect((await s.call('FinishPipe', [r.reply.pipeid], 400)).kind).toBe('timeout');
      await s.client.send(Buffer.from('{"method":"Bogus","args":[]}'));
      expect((await s.client.receiveReply(200)).kind).toBe('timeout');
      const payload = await s.drain(fd);
      expect(payload).toMatchObject({ bytes: layer.size, end: 'eof' });
      expect(raw(expectReply(await s.client.receiveReply(2000), 'FinishPipe'))).toBe('{"success":true,"value":null,"pipeid":0,"error_code":"","error":""}');
      expect(raw(expectReply(await s.client.receiveReply(2000), 'Bogus'))).toBe(failure('unknown method: Bogus'));
    });
  });

  test('FinishPipe before reading a small payload succeeds at once; the data is still readable', async () => {
    await withSession([], async (s) => {
      await s.initialize();
      const r = await s.ok('GetManifest', [await s.open(simple.reference)]);
      expect((await s.ok('FinishPipe', [r.reply.pipeid])).reply.success).toBe(true);
      expect(await s.drain(s.take(r.fds[0] as number))).toMatchObject({ end: 'eof', sha256: expected(simple).manifest.digest });
    });
  });

  test('a large pipe closed early turns FinishPipe into "write |1: broken pipe" with error_code EPIPE; a small one finished writing still succeeds', async () => {
    const layer = largeLayer(simple);
    await withSession([], async (s) => {
      await s.initialize();
      const id = await s.open(simple.reference);
      const r = await s.ok('GetBlob', [id, layer.digest, layer.size]);
      s.closeFd(s.take(r.fds[0] as number));
      expect(raw(await s.reply('FinishPipe', [r.reply.pipeid]))).toBe(failure('write |1: broken pipe', 'EPIPE'));
      const m = await s.ok('GetManifest', [id]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      s.closeFd(s.take(m.fds[0] as number));
      expect((await s.reply('FinishPipe', [m.reply.pipeid])).reply.success).toBe(true);
    });
  });

  test('GetBlob with a wrong size replies success and streams everything; FinishPipe reports "expected N bytes in blob, got M"', async () => {
    const layer = expected(simple).layers[0] as { digest: string; size: number };
    await withSession([], async (s) => {
      await s.initialize();
      const id = await s.open(simple.reference);
      for (const [size, shown] of [
        [layer.size + 1, String(layer.size + 1)],
        [layer.size - 1, String(layer.size - 1)],
        [0, '0'],
        [-1, '18446744073709551615'],
      ] as const) {
        const { reply, payload, finish } = await s.piped('GetBlob', [id, layer.digest, size]);
        expect(reply.reply.value).toBe(layer.size);
        expect(payload.bytes).toBe(layer.size);
        expect(raw(expectReply(finish, 'FinishPipe'))).toBe(failure(`expected ${shown} bytes in blob, got ${layer.size}`));
      }
      const truncated = await s.piped('GetBlob', [id, layer.digest, layer.size + 0.5]);
      expect(expectReply(truncated.finish, 'FinishPipe').reply.success).toBe(true);
    });
  });

  test('a corrupted blob streams in full; FinishPipe reports "corrupted blob, expecting …", which wins over a size error', async () => {
    const digest = corrupt.refusal?.digest as string;
    const layer = expected(corrupt).layers.find((l) => l.digest === digest) as { size: number };
    await withSession([], async (s) => {
      await s.initialize();
      const id = await s.open(corrupt.reference);
      for (const size of [layer.size, layer.size + 5]) {
        const { reply, payload, finish } = await s.piped('GetBlob', [id, digest, size]);
        expect(reply.reply.success).toBe(true);
        expect(payload.bytes).toBe(layer.size);
        expect(raw(expectReply(finish, 'FinishPipe'))).toBe(failure(`corrupted blob, expecting ${digest}`));
      }
    });
  });

  test('GetRawBlob does not verify: a corrupted blob arrives with an empty error pipe', async () => {
    const digest = corrupt.refusal?.digest as string;
    await withSession([], async (s) => {
      await s.initialize();
      const r = await s.ok('GetRawBlob', [await s.open(corrupt.reference), digest]);
      const [data, err] = r.fds.map((fd) => s.take(fd)) as [number, number];
      const [d, e] = await Promise.all([s.drain(data), s.drain(err)]);
      expect(d.end).toBe('eof');
      expect(d.sha256).not.toBe(digest);
      expect(e).toMatchObject({ bytes: 0, end: 'eof' });
    });
  });

  test('GetRawBlob whose data pipe is closed early writes {"code":"EPIPE","message":"write |1: broken pipe"} to the error pipe', async () => {
    const layer = largeLayer(big);
    await withSession([], async (s) => {
      await s.initialize();
      const id = await s.open(big.reference);
      for (const stopAfter of [0, 64 * 1024]) {
        const r = await s.ok('GetRawBlob', [id, layer.digest]);
        const [data, err] = r.fds.map((fd) => s.take(fd)) as [number, number];
        if (stopAfter > 0) await s.drain(data, { stopAfter });
        else s.closeFd(data);
        const e = await s.drain(err);
        expect(e.data?.toString()).toBe('{"code":"EPIPE","message":"write |1: broken pipe"}');
        expect(e.end).toBe('eof');
      }
    });
  });

  test('pipe ids are the write end\'s fd and are reused after FinishPipe; pipeid + 2^32 and pipeid + 0.5 finish pipeid', async () => {
    await withSession([], async (s) => {
      await s.initialize();
      const id = await s.open(simple.reference);
      const first = await s.piped('GetManifest', [id]);
      const second = await s.ok('GetManifest', [id]);
      expect(second.reply.pipeid).toBe(first.reply.reply.pipeid);
      expect((await s.ok('FinishPipe', [second.reply.pipeid + 2 ** 32])).reply.success).toBe(true);
      expect(raw(await s.reply('FinishPipe', [second.reply.pipeid]))).toBe(failure(`finishpipe: no active pipe ${second.reply.pipeid}`));
      const third = await s.ok('GetManifest', [id]);
      expect((await s.ok('FinishPipe', [third.reply.pipeid + 0.5, 'junk'])).reply.success).toBe(true);
    });
  });
});

describe('request handling as in skopeo 1.20.0', () => {
  test('before Initialize every image method fails with "must invoke Initialize"; FinishPipe skips that check; Initialize with arguments fails', async () => {
    await withSession([], async (s) => {
      for (const method of ['OpenImage', 'OpenImageOptional', 'CloseImage', 'GetManifest', 'GetConfig', 'GetFullConfig', 'GetBlob', 'GetRawBlob', 'GetLayerInfo', 'GetLayerInfoPiped']) {
        expect(raw(await s.reply(method, [1]))).toBe(failure('client error: must invoke Initialize'));
      }
      expect(raw(await s.reply('FinishPipe', [5]))).toBe(failure('finishpipe: no active pipe 5'));
      expect(raw(await s.reply('Initialize', [1]))).toBe(failure('invalid request, expecting zero arguments'));
      expect((await s.ok('Initialize', undefined)).reply.value).toBe('0.2.8');
      expect(raw(await s.reply('Initialize'))).toBe(failure('already initialized'));
    });
  });

  test('numbers are float64 values: fractions truncate, −1 wraps to 2^64−1, above 2^53−1 is out of range, 0 is refused', async () => {
    await withSession([], async (s) => {
      await s.initialize();
      const id = await s.open(simple.reference);
      const cases: Array<[unknown, string]> = [
        [0, 'Invalid imageid value of zero'],
        [-0, 'Invalid imageid value of zero'],
        [999, 'no image 999'],
        [-1, 'no image 18446744073709551615'],
        [2 ** 53 - 1, 'no image 9007199254740991'],
        [2 ** 53, 'out of range integer for numeric 9007199254740992.000000'],
        [id + 2 ** 32, `no image ${id + 2 ** 32}`],
        ['2', 'expecting numeric, not string'],
        [true, 'expecting numeric, not bool'],
        [null, 'expecting numeric, not <nil>'],
      ];
      for (const [arg, message] of cases) expect(raw(await s.reply('CloseImage', [arg]))).toBe(failure(message));
      expect((await s.ok('CloseImage', [id + 0.5])).reply.success).toBe(true);
      expect(raw(await s.reply('CloseImage', [5, 5]))).toBe(failure('invalid request, expecting one argument'));
      expect(raw(await s.raw('{"method":"CloseImage","args":[1e400]}') as Reply)).toBe(
        failure('invalid request: json: cannot unmarshal number 1e400 into Go struct field request.args of type float64'),
      );
    });
  });

  test('Go\'s decoding quirks: METHOD/ARGS keys, the last duplicate key, unknown keys, leading whitespace all work; null and {} are method ""', async () => {
    await withSession([], async (s) => {
      await s.initialize();
      const ref = JSON.stringify(simple.reference);
      for (const request of [
        `{"METHOD":"OpenImage","ARGS":[${ref}]}`,
        `{"method":"Bogus","method":"OpenImage","args":[${ref}]}`,
        `{"method":"OpenImage","args":[${ref}],"id":7}`,
        ` \n\t{"method":"OpenImage","args":[${ref}]}`,
      ]) {
        expect(expectReply(await s.raw(request), request).reply.success).toBe(true);
      }
      for (const request of ['null', '{}', '{"method":null}']) expect(raw(await s.raw(request) as Reply)).toBe(failure('unknown method: '));
      expect(raw(await s.raw('{"method":"openimage"}') as Reply)).toBe(failure('unknown method: openimage'));
      expect(raw(await s.raw('{"method":"OpenImage\\u0000"}') as Reply)).toBe(failure('unknown method: OpenImage\u0000'));
      expect(raw(await s.raw(Buffer.from([...Buffer.from('{"method":"Open'), 0xff, ...Buffer.from('Image"}')])) as Reply)).toBe(failure('unknown method: Open\ufffdImage'));
    });
  });

  test('requests are read into 32 KiB: a longer one is cut silently, so a valid prefix succeeds and anything else is "unexpected end of JSON input"', async () => {
    await withSession([], async (s) => {
      await s.initialize();
      const request = `{"method":"OpenImage","args":[${JSON.stringify(simple.reference)}]}`;
      const exact = request.padEnd(32 * 1024, ' ');
      expect(expectReply(await s.raw(exact), 'exact').reply.success).toBe(true);
      expect(expectReply(await s.raw(`${exact} `), '32769 spaces').reply.success).toBe(true);
      expect(expectReply(await s.raw(`${request.padEnd(40 * 1024, ' ')}`), '40 KiB').reply.success).toBe(true);
      const cut = `${request.slice(0, -1).padEnd(32 * 1024, ' ')}}`;
      expect(raw(await s.raw(cut) as Reply)).toBe(failure('invalid request: unexpected end of JSON input'));
      expect(raw(await s.raw(`{"method":"OpenImage","args":["${'x'.repeat(40 * 1024)}"]}`) as Reply)).toBe(failure('invalid request: unexpected end of JSON input'));
      expect(raw(await s.raw('['.repeat(12000)) as Reply)).toBe(failure("invalid request: invalid character '[' exceeded max depth"));
    });
  });

  test('fds sent with a request are dropped: normal reply, the proxy\'s fd count does not grow', async () => {
    await withSession([], async (s) => {
      await s.initialize();
      const [r, w] = native.pipe();
      const before = countOpenFds();
      const outcome = await s.client.exchange(Buffer.from('{"method":"Bogus","args":[]}'), { timeoutMs: 2000, fds: [r, w] });
      expect(raw(expectReply(outcome, 'Bogus'))).toBe(failure('unknown method: Bogus'));
      expect(countOpenFds()).toBe(before);
      native.close(r);
      native.close(w);
    });
  });

  test('OpenImage errors read like skopeo\'s, and OpenImageOptional keeps them errors (only a missing tag is 0)', async () => {
    await withSession([], async (s) => {
      await s.initialize();
      const cases: Array<[unknown[], string]> = [
        [['oci:/nonexistent/layout:latest'], 'lstat /nonexistent: no such file or directory'],
        [['dir:/nonexistent/dir'], 'lstat /nonexistent: no such file or directory'],
        [['foo:bar'], 'Invalid image name "foo:bar", unknown transport "foo"'],
        [[''], 'Invalid image name "", expected colon-separated transport:reference'],
        [['justaname'], 'Invalid image name "justaname", expected colon-separated transport:reference'],
        [[simple.reference.replace(/:latest$/, ':nosuchtag')], 'no descriptor found for reference "nosuchtag"'],
        [[42], 'expecting string imageref, not float64'],
        [[null], 'expecting string imageref, not <nil>'],
        [[['x']], 'expecting string imageref, not []interface {}'],
        [[], 'invalid request, expecting one argument'],
      ];
      for (const [args, message] of cases) expect(raw(await s.reply('OpenImage', args))).toBe(failure(message));
      expect(raw(await s.reply('OpenImageOptional', ['oci:/nonexistent/layout:latest']))).toBe(failure('lstat /nonexistent: no such file or directory'));
      expect(raw(await s.reply('OpenImageOptional', ['foo:bar']))).toBe(failure('Invalid image name "foo:bar", unknown transport "foo"'));
      const dockerReply = await s.reply('OpenImage', ['docker://127.0.0.1:1/x/y:z']);
      expect(dockerReply.reply.success).toBe(false);
      expect(dockerReply.reply.error).toMatch(/docker transport is not supported/);
    });
  });

  test('an OCI layout with several images needs a tag; an index without an instance for the wanted platform opens but fails at GetManifest', async () => {
    await withSession(['--override-arch', 's390x'], async (s) => {
      await s.initialize();
      const id = await s.open(index.reference);
      expect(raw(await s.reply('GetManifest', [id]))).toBe(failure('no image found in image index for architecture "s390x", variant "", OS "linux"'));
    });
  });

  test('GetBlob and GetRawBlob argument and digest errors', async () => {
    const layer = expected(simple).layers[0] as { digest: string; size: number };
    const dir = simple.reference.slice('oci:'.length, -':latest'.length);
    await withSession([], async (s) => {
      await s.initialize();
      const id = await s.open(simple.reference);
      const cases: Array<[string, unknown[], string]> = [
        ['GetBlob', [id, 'sha256:xyz', 10], 'invalid checksum digest length'],
        ['GetBlob', [id, 'md5:d41d8cd98f00b204e9800998ecf8427e', 0], 'unsupported digest algorithm'],
        ['GetBlob', [id, layer.digest.toUpperCase().replace('SHA256', 'sha256'), 1], 'invalid checksum digest format'],
        ['GetBlob', [id, `sha256:${'0'.repeat(64)}`, 10], `open ${dir}/blobs/sha256/${'0'.repeat(64)}: no such file or directory`],
        ['GetBlob', [id, `sha512:${'0'.repeat(128)}`, 10], `open ${dir}/blobs/sha512/${'0'.repeat(128)}: no such file or directory`],
        ['GetBlob', [id, 12, 1], 'expecting string blobid'],
        ['GetBlob', [id, layer.digest], 'found 2 args, expecting (imgid, digest, size)'],
        ['GetBlob', [id, layer.digest, '180'], 'expecting numeric, not string'],
        ['GetBlob', [id, layer.digest, 2 ** 53], 'out of range integer for numeric 9007199254740992.000000'],
        ['GetRawBlob', [id], 'found 1 args, expecting (imgid, digest)'],
        ['GetRawBlob', [id, 'sha256:xyz'], 'invalid checksum digest length'],
        ['GetLayerInfo', [], 'found 0 args, expecting (imgid)'],
        ['GetLayerInfoPiped', [id, 1], 'found 2 args, expecting (imgid)'],
        ['GetConfig', [], 'invalid request, expecting: [imgid]'],
        ['GetFullConfig', [id, 2], 'invalid request, expecting: [imgid]'],
        ['GetManifest', [], 'invalid request, expecting one argument'],
        ['Bogus', [], 'unknown method: Bogus'],
      ];
      for (const [method, args, message] of cases) expect(raw(await s.reply(method, args))).toBe(failure(message));
    });
  });

  test('a Docker schema1 image opens but GetManifest refuses it as a legacy type', async () => {
    const schema1 = await fixtureImage('neg-schema1@dir');
    await withSession([], async (s) => {
      await s.initialize();
      expect(raw(await s.reply('GetManifest', [await s.open(schema1.reference)]))).toBe(
        failure('unsupported legacy manifest MIME type: application/vnd.docker.distribution.manifest.v1+json'),
      );
    });
  });

  test('pipelined requests are answered in order', async () => {
    await withSession([], async (s) => {
      for (const request of ['{"method":"Initialize"}', '{"method":"Bogus"}', '{"method":"Initialize"}']) await s.client.send(Buffer.from(request));
      const replies = [];
      for (let i = 0; i < 3; i++) replies.push(raw(expectReply(await s.client.receiveReply(2000), `reply ${i}`)));
      expect(replies).toEqual([
        '{"success":true,"value":"0.2.8","pipeid":0,"error_code":"","error":""}',
        failure('unknown method: Bogus'),
        failure('already initialized'),
      ]);
    });
  });
});

describe('sanity of the fixture expectations used above', () => {
  test('the golden manifest files hash to their digests', () => {
    for (const image of [simple, big, index]) expect(sha256(readFileSync(expected(image).manifest.bytesFile))).toBe(expected(image).manifest.digest);
  });
});
