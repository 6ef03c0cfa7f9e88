// `expectNoReply`: no packet may arrive within the wait (default: the exit deadline).
import type { CheckContext } from '../../checks/context.js';
import type { StepRunner } from '../run-steps.js';
import type { StepShapes } from '../types.js';
import type { StepKindModule } from './step-kind.js';
import { excerpt } from '../../printable.js';

export const expectNoReplyStep: StepKindModule<'expectNoReply'> = { kind: 'expectNoReply', observes: null, run };

async function run(step: StepShapes['expectNoReply'], runner: StepRunner): Promise<void> {
  const ctx: CheckContext = runner.ctx;
  const outcome = await ctx.impl.client.expectSilence(step.expectNoReply.withinMs ?? ctx.config.timeouts.exitMs);
  if (outcome.kind === 'reply') ctx.fail(`an unexpected packet arrived: ${excerpt(outcome.raw, { total: outcome.size })}`);
}
