// Between two sequences on one process: what the passed sequence left (live pipes, open images) is
// released, so that the next sequence meets the process as it would a fresh one, initialized. A
// long-lived session is how clients use a proxy (one per program run), and it spares a process
// start per sequence, which is most of a sequence's cost against a compiled proxy.
//
// The release is the harness's housekeeping, not a check of the sequence: a surprise in it means
// the process is not reused, and the run counts it. What a reused process answers is judged as in
// a fresh one; a failure there is run again in a fresh process (run-sequence.ts).
//
// A sequence ends with a wait for a stray reply (10 ms). A process that goes on gets a shorter
// wait, then a probe whose reply is known: a proxy that answers in order (skopeo, the reference
// proxy) sends any stray before it reads the probe, so the stray arrives in the probe's place
// however late it is. A later one, sent on its own, meets the next exchange on this process: a
// release that fails, or a failure run again fresh (run-sequence.ts). Both are counted, never lost.
import { VerdictSignal } from '../verdicts/verdict.js';
import type { StepRunner } from '../scenarios/run-steps.js';
import { SavedReply } from '../scenarios/templates.js';
import type { Step } from '../scenarios/types.js';
import type { LeftOpen } from '../sequences/compile.js';
import { UNKNOWN_PIPE_ID } from '../sequences/commands/finish-pipe.js';
import { UNKNOWN_IMAGE_ID } from '../sequences/commands/image-target.js';
import { ANY_REPLY } from '../sequences/model.js';

/**
 * skopeo counts image ids up over a process's life; sequences use 999 as an id no image has. A
 * process retires once it has handed out an id this high, well before it could hand out that one.
 */
const RETIRE_AT_IMAGE_ID = UNKNOWN_IMAGE_ID / 2;

/** The closing stray-reply wait of a sequence whose process goes on: the probe catches what comes later. */
export const CLOSING_CHECK_BEFORE_RESET: Step = { expectNoReply: { withinMs: 2 } };

/** A request whose reply is known in advance: any other packet in its place is one the proxy still owed. */
const PROBE: Step = { call: 'FinishPipe', args: [UNKNOWN_PIPE_ID], expect: { success: false, fds: 0 } };

/** The probe, then every live pipe read to its end (FinishPipe with it), then every open image closed. */
function releaseSteps(left: LeftOpen): Step[] {
  return [
    PROBE,
    ...left.pipes.map((p): Step => (p.raw ? { readRaw: p.name } : { read: p.name, how: 'concurrent', expectFinish: ANY_REPLY })),
    ...left.images.filter((i) => i.open).map((i): Step => ({ call: 'CloseImage', args: [`\${${i.name}}`], expect: { value: null } })),
  ];
}

/** `fresh`: the process may serve another sequence. `failed`: an exchange of the release went wrong. */
export type ResetOutcome = { kind: 'fresh' } | { kind: 'retired'; why: string } | { kind: 'failed'; why: string };

/** Makes the process fresh again after a sequence that passed, or says why it cannot be. */
export async function resetForNextSequence(runner: StepRunner, left: LeftOpen): Promise<ResetOutcome> {
  const highest = Math.max(0, ...left.images.map((i) => imageId(runner, i.name)));
  if (highest >= RETIRE_AT_IMAGE_ID) return { kind: 'retired', why: `it has handed out image id ${highest}` };
  runner.ctx.impl.transcript.note('the sequence passed; a probe, then releasing what it left open, for the next sequence on this process');
  try {
    for (const step of releaseSteps(left)) await runner.run(step);
  } catch (error) {
    if (!(error instanceof VerdictSignal)) throw error;
    return { kind: 'failed', why: error.message };
  }
  return { kind: 'fresh' };
}

function imageId(runner: StepRunner, name: string): number {
  const saved = runner.bindings.get(name);
  return saved instanceof SavedReply && typeof saved.value === 'number' ? saved.value : 0;
}
