// `rewritePolicy`: the case's policy file gets new content while the implementation runs, to show
// whether it reads the policy on each open (as 0.2.6+ skopeo does) or once.
import { HarnessError } from '../../errors.js';
import { writePolicyDocument } from '../policy-file.js';
import type { StepRunner } from '../run-steps.js';
import type { StepShapes } from '../types.js';
import type { StepKindModule } from './step-kind.js';

export const rewritePolicyStep: StepKindModule<'rewritePolicy'> = { kind: 'rewritePolicy', observes: null, run };

async function run(step: StepShapes['rewritePolicy'], runner: StepRunner): Promise<void> {
  const file = runner.ctx.policyFile;
  if (file === null) throw new HarnessError('PC_SCENARIO', 'rewritePolicy needs a case with a policy document');
  await writePolicyDocument(file, step.rewritePolicy, runner.bindings);
  runner.ctx.impl.transcript.note(`the harness rewrote the policy file ${file}`);
}
