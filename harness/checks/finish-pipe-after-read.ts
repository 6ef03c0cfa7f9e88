// finishpipe/concurrent-read: the one correct client order, FinishPipe sent while the payload is read.
import type { CheckContext } from './context.js';
import type { CheckDefinition } from './types.js';
import { excerpt, quote } from '../printable.js';

export const finishPipeAfterRead: CheckDefinition = {
  id: 'finishpipe/concurrent-read',
  title: 'FinishPipe, sent while the client reads a large blob, succeeds with null and the pipe then reaches EOF',
  why: 'This is the one correct client order; the write end closes only at FinishPipe.',
  level: 'MUST',
  since: '0.2.1',
  reference: 'method table: FinishPipe → value: null; framing: one fd + non-zero pipeid',
  tags: ['smoke', 'finishpipe', 'getblob'],
  async run(ctx: CheckContext) {
    await ctx.initialize();
    const id = await ctx.openImage();
    const largest = [...ctx.image.layers].sort((a, b) => b.size - a.size)[0];
    if (!largest) ctx.fail('the fixture image has no layers');
    const { finish, payload } = await ctx.fetchPiped('GetBlob', [id, largest.digest, largest.size]);
    ctx.expect(finish.success, `FinishPipe failed: ${excerpt(finish.error)}`);
    ctx.expect(finish.value === null, `FinishPipe value is ${quote(finish.value)}, expected null`);
    ctx.expect(finish.pipeid === 0, `FinishPipe reply carries pipeid ${finish.pipeid}, expected 0`);
    ctx.expect(payload.end === 'eof', `the pipe ended with ${payload.end}, not EOF`);
  },
};
