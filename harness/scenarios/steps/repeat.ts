// `repeat`: the inner steps, this many times over.
import type { StepRunner } from '../run-steps.js';
import type { StepShapes } from '../types.js';

export async function runRepeat(step: StepShapes['repeat'], runner: StepRunner): Promise<void> {
  for (let i = 0; i < step.repeat; i++) for (const inner of step.steps) await runner.run(inner);
}
