// `call`: one request from a method name and templated arguments, its reply judged.
import type { StepRunner } from '../run-steps.js';
import { resolveTemplate } from '../templates.js';
import type { StepShapes } from '../types.js';
import type { StepKindModule } from './step-kind.js';

export const callStep: StepKindModule<'call'> = { kind: 'call', observes: null, run };

async function run(step: StepShapes['call'], runner: StepRunner): Promise<void> {
  const args = step.omitArgs ? undefined : step.args === null ? null : ((resolveTemplate(step.args ?? [], runner.bindings)) as unknown[]);
  const request = args === undefined ? { method: step.call } : { method: step.call, args };
  await runner.request(step.call, Buffer.from(JSON.stringify(request)), [], step.expect ?? {}, step.as);
}
