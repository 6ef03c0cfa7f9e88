// manifest/golden: the manifest piped byte for byte against the fixture's golden bytes, with its digest.
import type { CheckContext } from './context.js';
import type { CheckDefinition } from './types.js';
import { excerpt, quote } from '../printable.js';

export const getManifestGolden: CheckDefinition = {
  id: 'manifest/golden',
  title: 'GetManifest pipes the image manifest byte for byte and replies with its digest',
  why: 'Clients verify and parse these exact bytes; the digest names the image.',
  level: 'MUST',
  since: '0.2.1',
  reference: 'method table: GetManifest → value: manifest digest; one pipe: manifest bytes',
  tags: ['smoke', 'manifest', 'golden'],
  async run(ctx: CheckContext) {
    await ctx.initialize();
    const id = await ctx.openImage();
    const { reply, payload, finish } = await ctx.fetchPiped('GetManifest', [id], true);
    const expected = ctx.image.manifest;
    const got = payload.data;
    if (got === undefined) ctx.fail(`manifest bytes differ from the fixture in length (got ${payload.bytes} bytes, too many to keep; expected ${expected.bytes.length})`);
    if (!got.equals(expected.bytes)) {
      const at = firstDifference(got, expected.bytes);
      ctx.fail(`manifest bytes differ from the fixture at offset ${at} (got ${got.length} bytes, expected ${expected.bytes.length})`);
    }
    ctx.expect(reply.value === expected.digest, `GetManifest value is ${quote(reply.value)}, expected ${expected.digest}`);
    ctx.expect(finish.success, `FinishPipe after GetManifest failed: ${excerpt(finish.error)}`);
  },
};

function firstDifference(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}
