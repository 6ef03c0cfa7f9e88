// getblob/layers: every layer streamed with its digest and length, the reply carrying its size.
import type { CheckContext } from './context.js';
import type { CheckDefinition } from './types.js';
import { excerpt, quote } from '../printable.js';

export const getBlobLayers: CheckDefinition = {
  id: 'getblob/layers',
  title: 'GetBlob streams every layer with the right sha256 and length, and replies with its size',
  why: 'Layer bytes are what a client unpacks; a wrong byte corrupts the image.',
  level: 'MUST',
  since: '0.2.1',
  reference: 'method table: GetBlob → value: blob size; one pipe: blob bytes',
  tags: ['smoke', 'getblob', 'golden'],
  async run(ctx: CheckContext) {
    await ctx.initialize();
    const id = await ctx.openImage();
    for (const layer of ctx.image.layers) {
      const { reply, payload, finish } = await ctx.fetchPiped('GetBlob', [id, layer.digest, layer.size]);
      ctx.expect(reply.value === layer.size, `GetBlob ${layer.digest} value is ${quote(reply.value)}, expected ${layer.size}`);
      ctx.expect(payload.bytes === layer.size, `GetBlob ${layer.digest} streamed ${payload.bytes} bytes, expected ${layer.size}`);
      ctx.expect(payload.sha256 === layer.digest, `GetBlob ${layer.digest} streamed bytes with digest ${payload.sha256}`);
      ctx.expect(finish.success, `FinishPipe after GetBlob ${layer.digest} failed: ${excerpt(finish.error)}`);
    }
  },
};
