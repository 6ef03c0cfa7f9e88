// `repeat`: the inner steps, this many times over.
import type { StepRunner } from '../run-steps.js';
import type { StepShapes } from '../types.js';
import type { StepKindModule } from './step-kind.js';

export const repeatStep: StepKindModule<'repeat'> = { kind: 'repeat', observes: null, run };

async function run(step: StepShapes['repeat'], runner: StepRunner): Promise<void> {
  for (let i = 0; i < step.repeat; i++) for (const inner of step.steps) await runner.run(inner);
}
