// Payload pipes and FinishPipe as in skopeo 1.20.0: when EOF comes, what blocks, which errors
// FinishPipe reports, and GetRawBlob's unfinished pair.
import { beforeAll, describe, expect, test } from 'vitest';
import type { FixtureImage } from '../../images/index.js';
import { expected, failure, largeLayer, loadGoldenImages, raw } from '../../test-support/reference-proxy/golden.js';
import { expectReply, withSession } from '../../test-support/reference-proxy/session.js';

let simple: FixtureImage;
let big: FixtureImage;
let corrupt: FixtureImage;

beforeAll(async () => {
  ({ simple, big, corrupt } = await loadGoldenImages());
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
