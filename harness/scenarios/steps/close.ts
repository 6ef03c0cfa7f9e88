// `close`: the client closes its socket (EOF) or only its sending side.
import type { StepRunner } from '../run-steps.js';
import type { StepShapes } from '../types.js';
import type { StepKindModule } from './step-kind.js';

export const closeStep: StepKindModule<'close'> = { kind: 'close', observes: null, run };

function run(step: StepShapes['close'], runner: StepRunner): void {
  const { socket, transcript } = runner.ctx.impl;
  if (step.close === 'socket') socket.close();
  else socket.shutdownWrite();
  transcript.note(`client closed its ${step.close === 'socket' ? 'socket' : 'socket for writing'}`);
}
