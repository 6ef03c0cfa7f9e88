/**
 * The scenario step kinds, one file each, dispatched by the one kind key a step holds. The table's
 * keys are the `StepKind`s of types.ts, and specs/scenario.schema.json lists the same kinds.
 *
 * Steps: `call` (a request; the default expectation is success), `send` (raw bytes, text or JSON,
 * optionally padded or carrying fds), `read` (a pipe, in one of the orders of protocol/piped-read.ts
 * or `never`), `readRaw` (GetRawBlob's data and error pipes), `pipeline`, `expectExit`,
 * `expectNoReply`, `close`, `fdCount`, `repeat`, `rewritePolicy` (the case's policy file, mid-session).
 *
 * Templates, in arguments and expectations (templates.ts):
 * - `"${path}"`: a binding (`image`, `images.<alias>`, or a reply saved with `as`), followed by
 *   `.key` or `.index` steps; a string that is exactly one reference keeps the value's JSON type,
 *   otherwise the value is interpolated. `${name}` is a saved reply's value, `${name.pipeid}` its pipe id.
 * - `{"$add": [a, b, …]}`: the sum of numbers.
 * - `{"$repeat": [text, count]}`: text repeated count times.
 * - `{"$concat": [a, b, …]}`: the parts joined as strings.
 * - `{"$upper": text}`: text in upper case.
 * - `{"$nest": [depth, leaf]}`: leaf wrapped in depth arrays.
 *
 * Matchers, in expected values: `{"$any": true}`, `{"$positive": true}` (an integer above 0),
 * `{"$type": "string"}`, `{"$semver": true}`, `{"$notIn": [...]}`, `{"$oneOf": [...]}`,
 * `{"$subset": {...}}` (at least these members with these values).
 */
import { HarnessError } from '../../errors.js';
import type { ProcessAspect } from '../../model/case.js';
import type { StepRunner } from '../run-steps.js';
import type { Step, StepKind } from '../types.js';
import { callStep } from './call.js';
import { closeStep } from './close.js';
import { expectExitStep } from './expect-exit.js';
import { expectNoReplyStep } from './expect-no-reply.js';
import { fdCountStep } from './fd-count.js';
import { pipelineStep } from './pipeline.js';
import { readRawStep } from './read-raw.js';
import { readStep } from './read.js';
import { repeatStep } from './repeat.js';
import { rewritePolicyStep } from './rewrite-policy.js';
import { sendStep } from './send.js';
import type { StepKindModule } from './step-kind.js';

/** Every step kind under its key; a new kind's file must be placed here (the type demands every kind, each under its own key). */
export const STEP_KINDS: { readonly [K in StepKind]: StepKindModule<K> } = {
  call: callStep,
  send: sendStep,
  read: readStep,
  readRaw: readRawStep,
  pipeline: pipelineStep,
  expectExit: expectExitStep,
  expectNoReply: expectNoReplyStep,
  close: closeStep,
  fdCount: fdCountStep,
  repeat: repeatStep,
  rewritePolicy: rewritePolicyStep,
};

const KINDS = Object.keys(STEP_KINDS) as StepKind[];

/** The process aspects a scenario's steps observe, nested `repeat` steps included. */
export function stepsObserve(steps: readonly Step[]): ProcessAspect[] {
  const found = new Set<ProcessAspect>();
  const visit = (list: readonly Step[]): void => {
    for (const step of list) {
      for (const kind of KINDS) {
        const aspect = kind in step ? STEP_KINDS[kind].observes : null;
        if (aspect !== null) found.add(aspect);
      }
      if ('repeat' in step) visit(step.steps);
    }
  };
  visit(steps);
  return [...found].sort();
}

/** Runs one step with the handler its kind names. */
export async function runStep(step: Step, runner: StepRunner): Promise<void> {
  const kind = KINDS.find((k) => k in step);
  if (kind === undefined) throw new HarnessError('PC_SCENARIO', `a step of no known kind: ${JSON.stringify(step).slice(0, 200)}`);
  await (STEP_KINDS[kind] as StepKindModule<StepKind>).run(step as never, runner);
}
