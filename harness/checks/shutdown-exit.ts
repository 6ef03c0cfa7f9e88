// lifecycle/shutdown-exit-zero: Shutdown ends the proxy with exit 0, with no reply or a success.
import type { CheckContext } from './context.js';
import type { CheckDefinition } from './types.js';
import { excerpt } from '../printable.js';
import type { ReplyOutcome } from '../protocol/client.js';
import { RECEIVE_BUFFER_BYTES } from '../transport/packet-socket.js';

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
      const unread = whyUnread(outcome);
      ctx.expect(unread === null, `Shutdown's reply could not be read: ${unread}`);
      const shown = excerpt(outcome.raw, { total: outcome.size });
      ctx.expect(outcome.reply !== null, `Shutdown got a reply that is not a reply envelope: ${shown}`);
      ctx.expect(outcome.reply?.success === true, `Shutdown got a reply that is not a success: ${shown}`);
    }
    await ctx.expectCleanExit('Shutdown');
  },
};

/** Why a reply could not be read as one (what it claims, a success among it, is then unknown), or null. */
function whyUnread(outcome: ReplyOutcome): string | null {
  if (outcome.truncated) return `${outcome.size} bytes, over the ${RECEIVE_BUFFER_BYTES}-byte receive buffer`;
  if (outcome.ctruncated) return 'it carried more fds than the receive buffer holds';
  if (outcome.parseError !== undefined) return outcome.refused ? outcome.parseError : `it is not JSON (${outcome.parseError})`;
  return null;
}
