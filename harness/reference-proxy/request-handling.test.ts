// Requests as skopeo 1.20.0 reads and checks them: Initialize first, Go's number and JSON quirks,
// 32 KiB reads, argument and reference errors, pipelining.
import { beforeAll, describe, expect, test } from 'vitest';
import * as native from '../native.js';
import type { FixtureImage } from '../images/index.js';
import { expected, failure, loadGoldenImages, raw } from '../test-support/reference-proxy/golden.js';
import { countOpenFds, expectReply, fixtureImage, withSession, type Reply } from '../test-support/reference-proxy/session.js';

let simple: FixtureImage;
let index: FixtureImage;

beforeAll(async () => {
  ({ simple, index } = await loadGoldenImages());
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
      const daemonReply = await s.reply('OpenImage', ['docker-daemon:x/y:z']);
      expect(daemonReply.reply.error).toMatch(/docker-daemon transport is not supported/);
      // docker:// is served: a registry that is not there is a network error, retryable.
      const dockerReply = await s.reply('OpenImage', ['docker://127.0.0.1:1/x/y:z']);
      expect([dockerReply.reply.error, dockerReply.reply.error_code]).toEqual(['pinging container registry 127.0.0.1:1: Get "https://127.0.0.1:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused', 'retryable']);
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
