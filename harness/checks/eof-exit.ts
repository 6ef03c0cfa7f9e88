import type { CheckContext } from './context.js';
import type { CheckDefinition } from './types.js';

export const eofExit: CheckDefinition = {
  id: 'lifecycle/eof-exit-zero',
  title: 'Closing the client socket (EOF) makes the process exit 0',
  why: 'A client that dies must not leave proxies behind.',
  level: 'MUST',
  since: '0.2.1',
  reference: 'framing: closing the client socket makes the proxy exit 0 (transcript shutdown.jsonl)',
  async run(ctx: CheckContext) {
    await ctx.initialize();
    const { exitMs } = ctx.config.timeouts;
    ctx.impl.socket.close();
    const exit = await ctx.impl.waitForExit(exitMs);
    if (exit === null) ctx.hang(`the process did not exit within ${exitMs} ms of EOF`, 'exit after EOF', exitMs);
    ctx.expect(exit.code === 0, `the process ended with ${exit.signal ?? `code ${exit.code}`} after EOF, expected code 0`);
  },
};
