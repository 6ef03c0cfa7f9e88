// docker:// against a real registry (Debian's docker-registry on loopback, the fixture images pushed
// to it): golden manifest, config and layer bytes for OCI, Docker schema2 and multi-platform images;
// tags, digests and missing images; TLS verification against a plain-http registry.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expected, failure, raw } from '../../../test-support/reference-proxy/golden.js';
import { RegistryFixtures, registryArgs } from '../../../test-support/reference-proxy/registry.js';
import { expectReply, withSession } from '../../../test-support/reference-proxy/session.js';

const GOLDEN = ['oci-simple@docker', 'docker-schema2@docker', 'oci-index@docker', 'docker-list@docker'];
let r: RegistryFixtures;

beforeAll(async () => {
  r = await RegistryFixtures.start();
});

afterAll(async () => {
  await r?.stop();
});

describe('docker:// from a real registry', () => {
  test.each(GOLDEN)('%s: GetManifest pipes the golden (OCI) bytes with the stored manifest\'s digest; GetFullConfig the config', async (id) => {
    const image = r.image(id);
    const e = expected(image);
    await withSession(registryArgs(), async (s) => {
      await s.initialize();
      const imageId = await s.open(image.reference);
      const manifest = await s.piped('GetManifest', [imageId]);
      expect(manifest.reply.reply.value).toBe(e.manifest.digest);
      expect(manifest.payload.data?.equals(readFileSync(e.manifest.bytesFile))).toBe(true);
      expect(expectReply(manifest.finish, 'FinishPipe').reply.success).toBe(true);
      const config = await s.piped('GetFullConfig', [imageId]);
      expect(config.payload.data?.toString()).toBe(readFileSync(e.config.bytesFile, 'utf8'));
    });
  });

  test.each(GOLDEN)('%s: GetBlob streams every layer and the config (value = Content-Length), FinishPipe succeeds', async (id) => {
    const e = expected(r.image(id));
    await withSession(registryArgs(), async (s) => {
      await s.initialize();
      const imageId = await s.open(r.image(id).reference);
      for (const blob of [...e.layers, e.config]) {
        const { reply, payload, finish } = await s.piped('GetBlob', [imageId, blob.digest, blob.size]);
        expect(reply.reply.value).toBe(blob.size);
        expect(payload).toMatchObject({ bytes: blob.size, sha256: blob.digest, end: 'eof' });
        expect(raw(expectReply(finish, 'FinishPipe'))).toBe('{"success":true,"value":null,"pipeid":0,"error_code":"","error":""}');
      }
    });
  });

  test('GetRawBlob streams a layer unverified through [data, error], the error pipe empty', async () => {
    const layer = expected(r.image('oci-big-layer@docker')).layers[0];
    if (!layer) throw new Error('oci-big-layer has no layer');
    await withSession(registryArgs(), async (s) => {
      await s.initialize();
      const got = await s.ok('GetRawBlob', [await s.open(r.image('oci-big-layer@docker').reference), layer.digest]);
      expect([got.reply.value, got.reply.pipeid, got.fds.length]).toEqual([layer.size, 0, 2]);
      const [data, err] = got.fds.map((fd) => s.take(fd)) as [number, number];
      const [d, x] = await Promise.all([s.drain(data, { keep: false }), s.drain(err)]);
      expect(d).toMatchObject({ bytes: layer.size, sha256: layer.digest, end: 'eof' });
      expect(x).toMatchObject({ bytes: 0, end: 'eof' });
    });
  });

  test('an index resolves to another platform with --override-arch; an image opened by digest is the same image', async () => {
    const index = r.image('oci-index@docker');
    const arm64 = index.platforms?.find((p) => p.platform.architecture === 'arm64');
    await withSession([...registryArgs(), '--override-arch', 'arm64'], async (s) => {
      await s.initialize();
      const { reply, payload } = await s.piped('GetManifest', [await s.open(index.reference)]);
      expect(reply.reply.value).toBe(arm64?.manifest.digest);
      expect(payload.data?.equals(readFileSync(arm64?.manifest.bytesFile ?? ''))).toBe(true);
    });
    const simple = r.image('oci-simple@docker');
    const byDigest = simple.reference.replace(/:latest$/, `@${expected(simple).manifest.digest}`);
    await withSession(registryArgs(), async (s) => {
      await s.initialize();
      const { reply } = await s.piped('GetManifest', [await s.open(byDigest)]);
      expect(reply.reply.value).toBe(expected(simple).manifest.digest);
    });
  });

  test('a missing tag or repository fails OpenImage with the registry\'s "manifest unknown" and is 0 for OpenImageOptional', async () => {
    const simple = r.image('oci-simple@docker');
    const missingTag = simple.reference.replace(/:latest$/, ':nosuchtag');
    const missingRepo = `docker://${r.registry.host}/proxy-conformance/nosuchrepo:latest`;
    await withSession(registryArgs(), async (s) => {
      await s.initialize();
      expect(raw(await s.reply('OpenImage', [missingTag]))).toBe(failure(`reading manifest nosuchtag in ${r.registry.host}/proxy-conformance/oci-simple: manifest unknown`));
      expect(raw(await s.reply('OpenImage', [missingRepo]))).toBe(failure(`reading manifest latest in ${r.registry.host}/proxy-conformance/nosuchrepo: manifest unknown`));
      expect((await s.ok('OpenImageOptional', [missingTag])).reply.value).toBe(0);
      expect((await s.ok('OpenImageOptional', [missingRepo])).reply.value).toBe(0);
    });
  });

  test('without --tls-verify=false the proxy speaks https, and the plain-http registry fails OpenImage with a clear error', async () => {
    const simple = r.image('oci-simple@docker');
    await withSession([], async (s) => {
      await s.initialize();
      expect(raw(await s.reply('OpenImage', [simple.reference]))).toBe(
        failure(`pinging container registry ${r.registry.host}: Get "https://${r.registry.host}/v2/": http: server gave HTTP response to HTTPS client`),
      );
    });
  });

  test('a registry that is not listening fails OpenImage as retryable (connection refused)', async () => {
    const closed = r.upstream.host.replace(/:\d+$/, ':1');
    await withSession(registryArgs(), async (s) => {
      await s.initialize();
      expect(raw(await s.reply('OpenImage', [`docker://${closed}/x/y:latest`]))).toBe(
        failure(`pinging container registry ${closed}: Get "http://${closed}/v2/": dial tcp ${closed}: connect: connection refused`, 'retryable'),
      );
    });
  });
});
