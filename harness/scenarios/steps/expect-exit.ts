// `expectExit`: the process must exit with this code within the exit deadline.
import type { CheckContext } from '../../checks/context.js';
import type { StepRunner } from '../run-steps.js';
import type { StepShapes } from '../types.js';
import type { StepKindModule } from './step-kind.js';

export const expectExitStep: StepKindModule<'expectExit'> = { kind: 'expectExit', observes: 'exit', run };

async function run(step: StepShapes['expectExit'], runner: StepRunner): Promise<void> {
  const ctx: CheckContext = runner.ctx;
  const { code } = step.expectExit;
  const { exitMs } = ctx.config.timeouts;
  const exit = await ctx.impl.waitForExit(exitMs);
  if (exit === null) ctx.hang(`the process did not exit within ${exitMs} ms`, 'process exit', exitMs);
  ctx.expect(exit.signal === null && exit.code === code, `the process ended with ${exit.signal ?? `code ${exit.code}`}, expected code ${code}`);
  // An exit the case asked for is no crash, whatever its code.
  ctx.expectedExit = exit;
}
