// What a step kind is: its key in a scenario step, what it looks at of the implementation's process
// besides the socket, and how it runs. Each kind's file exports one; index.ts lists them.
import type { ProcessAspect } from '../../model/case.js';
import type { StepRunner } from '../run-steps.js';
import type { StepKind, StepShapes } from '../types.js';

export interface StepKindModule<K extends StepKind> {
  kind: K;
  /** run/session-route.ts gives a case with such a step a process of its own. */
  observes: ProcessAspect | null;
  run(step: StepShapes[K], runner: StepRunner): Promise<void> | void;
}
