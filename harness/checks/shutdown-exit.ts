// lifecycle/shutdown-exit-zero: Shutdown ends the proxy with exit 0, with no reply or a success.
import type { CheckContext } from './context.js';
import type { CheckDefinition } from './types.js';
import { excerpt } from '../printable.js';

export const shutdownExit: CheckDefinition = {
  id: 'lifecycle/shutdown-exit-zero',
  title: 'Shutdown makes the process exit 0 (with no reply, as skopeo does, or a success reply)',
  why: 'Clients end sessions this way and treat a non-zero exit as an error.',
  level: 'MUST',
  since: '0.2.1',
  reference: 'method table: Shutdown → no reply; process exits 0 (transcript shutdown.jsonl)',
  tags: ['smoke', 'lifecycle', 'shutdown'],
  observes: ['exit'],
  async run(ctx: CheckContext) {
    await ctx.initialize();
    const { exitMs } = ctx.config.timeouts;
    await ctx.impl.client.send(Buffer.from(JSON.stringify({ method: 'Shutdown', args: [] })));
    const outcome = await ctx.impl.client.receiveReply(exitMs);
    if (outcome.kind === 'reply') {
      ctx.expect(outcome.reply?.success === true, `Shutdown got a reply that is not a success: ${excerpt(outcome.raw, { total: outcome.size })}`);
    }
    await ctx.expectCleanExit('Shutdown');
  },
};
