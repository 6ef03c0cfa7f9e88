// lifecycle/eof-exit-zero: the client's socket closing (EOF) ends the proxy with exit 0.
import type { CheckContext } from './context.js';
import type { CheckDefinition } from './types.js';

export const eofExit: CheckDefinition = {
  id: 'lifecycle/eof-exit-zero',
  title: 'Closing the client socket (EOF) makes the process exit 0',
  why: 'A client that dies must not leave proxies behind.',
  level: 'MUST',
  since: '0.2.1',
  reference: 'framing: closing the client socket makes the proxy exit 0 (transcript shutdown.jsonl)',
  tags: ['smoke', 'lifecycle', 'eof'],
  observes: ['exit'],
  async run(ctx: CheckContext) {
    await ctx.initialize();
    ctx.impl.socket.close();
    await ctx.expectCleanExit('EOF');
  },
};
