// openimage/positive-id: OpenImage of an existing image answers a positive integer id.
import type { CheckContext } from './context.js';
import type { CheckDefinition } from './types.js';
import { quote } from '../printable.js';

export const openImageId: CheckDefinition = {
  id: 'openimage/positive-id',
  title: 'OpenImage on an existing image returns a positive integer id',
  why: 'Every later call names the image by this id; 0 is not a valid id.',
  level: 'MUST',
  since: '0.2.1',
  reference: 'method table: OpenImage → value: image id (uint64 > 0)',
  tags: ['smoke', 'openimage'],
  async run(ctx: CheckContext) {
    await ctx.initialize();
    const { reply } = await ctx.callOk('OpenImage', [ctx.image.reference]);
    ctx.expect(
      typeof reply.value === 'number' && Number.isSafeInteger(reply.value) && reply.value > 0,
      `OpenImage returned ${quote(reply.value)}, not a positive integer`,
    );
  },
};
