// `fdCount`: mark how many fds the implementation holds, then require that count to stay stable.
import type { CheckContext } from '../../checks/context.js';
import { countOpenFds } from '../../transport/fd-inspect.js';
import type { StepRunner } from '../run-steps.js';
import type { StepShapes } from '../types.js';
import type { StepKindModule } from './step-kind.js';

export const fdCountStep: StepKindModule<'fdCount'> = { kind: 'fdCount', observes: 'fd-table', run };

function run(step: StepShapes['fdCount'], runner: StepRunner): void {
  const ctx: CheckContext = runner.ctx;
  const tolerance = step.tolerance ?? 2;
  const count = countOpenFds(ctx.impl.pid);
  if (count === null) ctx.fail(`cannot read /proc/${ctx.impl.pid}/fd: the process is gone`);
  if (step.fdCount === 'mark') {
    runner.fdMark = count;
    ctx.impl.transcript.note(`implementation holds ${count} fds`);
    return;
  }
  if (runner.fdMark === null) ctx.fail('fdCount "stable" needs an earlier fdCount "mark"');
  ctx.impl.transcript.note(`implementation holds ${count} fds (was ${runner.fdMark})`);
  ctx.expect(count <= runner.fdMark + tolerance, `the implementation's open fds grew from ${runner.fdMark} to ${count}`);
}
