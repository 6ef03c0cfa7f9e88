// `pipeline`: several requests sent before any reply is read, then each reply judged in order.
import type { CheckContext } from '../../checks/context.js';
import type { StepRunner } from '../run-steps.js';
import { resolveTemplate } from '../templates.js';
import type { StepShapes } from '../types.js';
import type { StepKindModule } from './step-kind.js';

export const pipelineStep: StepKindModule<'pipeline'> = { kind: 'pipeline', observes: null, run };

async function run(step: StepShapes['pipeline'], runner: StepRunner): Promise<void> {
  const ctx: CheckContext = runner.ctx;
  const { client } = ctx.impl;
  for (const c of step.pipeline) {
    const args = resolveTemplate(c.args ?? [], runner.bindings);
    await client.send(Buffer.from(JSON.stringify({ method: c.call, args })));
  }
  for (const [i, c] of step.pipeline.entries()) {
    const { callMs } = ctx.config.timeouts;
    const { reply, fds } = await ctx.requireReply(c.call, await client.receiveReply(callMs), callMs);
    runner.keep(c.call, reply, fds, undefined);
    runner.judgeReply(`${c.call} (pipelined request ${i + 1})`, reply, fds.length, step.expect?.[i] ?? {});
  }
}
