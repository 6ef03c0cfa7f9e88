// `close`: the client closes its socket (EOF) or only its sending side; with `after`, just after
// sending one more request whose reply it never reads: once that reply lies unread in the socket
// (`queued`), or at once while the implementation is still at work on it (`pending`).
import { makeDeadline } from '../../transport/deadline.js';
import type { StepRunner } from '../run-steps.js';
import type { StepShapes } from '../types.js';
import { encodePacket } from './send.js';
import type { StepKindModule } from './step-kind.js';

export const closeStep: StepKindModule<'close'> = { kind: 'close', observes: null, run };

async function run(step: StepShapes['close'], runner: StepRunner): Promise<void> {
  const { socket, transcript, client } = runner.ctx.impl;
  if (step.after !== undefined) {
    const { data, method } = encodePacket(step.after.send, runner.bindings);
    await client.send(data);
    if (step.after.reply === 'queued') await untilReplyQueued(runner, method);
  }
  if (step.close === 'socket') socket.close();
  else socket.shutdownWrite();
  const unread = step.after === undefined ? '' : step.after.reply === 'queued' ? ', its last reply unread' : ', its last request unanswered';
  transcript.note(`client closed its ${step.close === 'socket' ? 'socket' : 'socket for writing'}${unread}`);
}

/** Waits until a packet (or EOF) lies in the socket, without reading it; a reply's deadline. */
async function untilReplyQueued(runner: StepRunner, method: string): Promise<void> {
  const { ctx } = runner;
  const { callMs } = ctx.config.timeouts;
  const deadline = makeDeadline(ctx.impl.client.sessionSignal, callMs);
  try {
    await ctx.impl.socket.waitUntilReadable(deadline.signal);
  } catch (error) {
    if (ctx.impl.client.sessionSignal.aborted) throw error;
    ctx.hang(`no reply to ${method} came to leave unread within ${callMs} ms`, `reply to ${method}`, callMs);
  } finally {
    deadline.clear();
  }
  ctx.impl.transcript.note(`a reply to ${method} lies unread in the socket (${ctx.impl.socket.queuedBytes().in} bytes)`);
}
