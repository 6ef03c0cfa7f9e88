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
import type { Step, StepKind, StepShapes } from '../types.js';
import { runCall } from './call.js';
import { runClose } from './close.js';
import { runExpectExit } from './expect-exit.js';
import { runExpectNoReply } from './expect-no-reply.js';
import { runFdCount } from './fd-count.js';
import { runPipeline } from './pipeline.js';
import { runReadRaw } from './read-raw.js';
import { runRead } from './read.js';
import { runRepeat } from './repeat.js';
import { runRewritePolicy } from './rewrite-policy.js';
import { runSend } from './send.js';

type StepHandler<K extends StepKind> = (step: StepShapes[K], runner: StepRunner) => Promise<void> | void;

/** A step kind: how it runs, and what it looks at of the implementation's process besides its socket. */
interface StepKindEntry<K extends StepKind> {
  run: StepHandler<K>;
  /** run/session-route.ts gives a case with such a step a process of its own. */
  observes: ProcessAspect | null;
}

/** Every step kind; a new kind must be placed here, with what it observes (the type demands both). */
export const STEP_KINDS: { readonly [K in StepKind]: StepKindEntry<K> } = {
  call: { run: runCall, observes: null },
  send: { run: runSend, observes: null },
  read: { run: runRead, observes: null },
  readRaw: { run: runReadRaw, observes: null },
  pipeline: { run: runPipeline, observes: null },
  expectExit: { run: runExpectExit, observes: 'exit' },
  expectNoReply: { run: runExpectNoReply, observes: null },
  close: { run: runClose, observes: null },
  fdCount: { run: runFdCount, observes: 'fd-table' },
  repeat: { run: runRepeat, observes: null },
  rewritePolicy: { run: runRewritePolicy, observes: null },
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
  await (STEP_KINDS[kind].run as StepHandler<StepKind>)(step, runner);
}
