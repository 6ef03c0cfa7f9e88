// The docker-archive: transport against the fixture set: the schema2 manifest generated from a
// `docker save` tarball, piped converted to OCI with the generated manifest's digest as value, and
// every layer and the config served by GetBlob.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseDigest } from './image/digest.js';
import { parseImageName } from './transports/parse-image-name.js';
import { expected, failure } from '../test-support/reference-proxy/golden.js';
import { expectReply, fixtureImage, loadFixtures, withSession } from '../test-support/reference-proxy/session.js';

const IDS = ['oci-simple@docker-archive', 'docker-schema2@docker-archive'];

beforeAll(async () => {
  await loadFixtures();
});

describe('docker-archive: transport', () => {
  test.each(IDS)('%s: the generated schema2 manifest is byte for byte the one skopeo generates', async (id) => {
    const image = await fixtureImage(id);
    const source = expected(image).manifest.source;
    if (!source) throw new Error(`${id} has no source manifest`);
    const ref = await parseImageName(image.reference);
    const opened = await ref.newImageSource();
    try {
      const manifest = await opened.getManifest();
      expect(manifest.mimeType).toBe('application/vnd.docker.distribution.manifest.v2+json');
      expect(manifest.bytes.equals(readFileSync(source.bytesFile))).toBe(true);
    } finally {
      await opened.close();
    }
  });

  test.each(IDS)('GetManifest on %s pipes the golden OCI bytes; value = digest of the generated schema2 manifest', async (id) => {
    const image = await fixtureImage(id);
    const e = expected(image);
    await withSession([], async (s) => {
      await s.initialize();
      const { reply, payload, finish } = await s.piped('GetManifest', [await s.open(image.reference)]);
      expect(reply.fds.length).toBe(1);
      expect(reply.reply.value).toBe(e.manifest.digest);
      expect(reply.reply.value).toBe(e.manifest.source?.digest);
      expect(payload.data?.equals(readFileSync(e.manifest.bytesFile))).toBe(true);
      expect(payload.end).toBe('eof');
      expect(expectReply(finish, 'FinishPipe').reply.success).toBe(true);
    });
  });

  test.each(IDS)('GetBlob on %s streams each layer (uncompressed tar, digest = diff_id) and the config', async (id) => {
    const image = await fixtureImage(id);
    const e = expected(image);
    expect(e.layers.length).toBeGreaterThan(0);
    await withSession([], async (s) => {
      await s.initialize();
      const imageId = await s.open(image.reference);
      for (const blob of [...e.layers, e.config]) {
        const { reply, payload, finish } = await s.piped('GetBlob', [imageId, blob.digest, blob.size]);
        expect(reply.reply.value).toBe(blob.size);
        expect(payload).toMatchObject({ bytes: blob.size, sha256: blob.digest, end: 'eof' });
        expect(expectReply(finish, 'FinishPipe').reply.success).toBe(true);
      }
    });
  });

  test('a blob the generated manifest does not name is "Unknown blob"', async () => {
    const image = await fixtureImage(IDS[0] as string);
    const ref = await parseImageName(image.reference);
    const opened = await ref.newImageSource();
    const missing = `sha256:${'0'.repeat(64)}`;
    try {
      await expect(opened.openBlob(parseDigest(missing))).rejects.toThrow(`Unknown blob ${missing}`);
    } finally {
      await opened.close();
    }
  });

  test('the image is chosen by a RepoTags name (normalised like a Docker reference) or @INDEX; other names fail', async () => {
    const image = await fixtureImage(IDS[0] as string);
    const name = image.id.split('@')[0] as string;
    await withSession([], async (s) => {
      await s.initialize();
      for (const suffix of [`:proxy-conformance/${name}:latest`, `:docker.io/proxy-conformance/${name}`, ':@0']) {
        const id = await s.open(`${image.reference}${suffix}`);
        const { reply } = await s.piped('GetManifest', [id]);
        expect(reply.reply.value).toBe(expected(image).manifest.digest);
      }
      const r = await s.reply('OpenImage', [`${image.reference}:proxy-conformance/${name}:other`]);
      expect(r.raw.toString('utf8')).toBe(failure(`Tag "proxy-conformance/${name}:other" not found`));
      const r2 = await s.reply('OpenImage', [`${image.reference}:@3`]);
      expect(r2.raw.toString('utf8')).toBe(failure('Invalid source index @3, only 1 manifest items available'));
      const r3 = await s.reply('OpenImage', ['docker-archive:/nonexistent/x.tar']);
      expect(r3.raw.toString('utf8')).toBe(failure('opening file "/nonexistent/x.tar": open /nonexistent/x.tar: no such file or directory'));
    });
  });
});
