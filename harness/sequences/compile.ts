// Commands → scenario steps. The model decides which commands apply and what each reply must be,
// so compiling is pure: the same commands always give the same scenario, which is what makes a
// fast-check seed and path replay a failure exactly.
import type { ScenarioCase, Step } from '../scenarios/types.js';
import type { SequenceCommand } from './command.js';
import { makeModel, type Model, type Profile, type SequenceWorld } from './model.js';

/**
 * What a sequence that passed leaves in its session, as step bindings: live pipes and images. A
 * pooled process can be made fresh again by releasing them (fuzz/session-reset.ts).
 */
export interface LeftOpen {
  /** Pipes handed over and never read (`raw`: GetRawBlob's pair, which has no FinishPipe). */
  pipes: Array<{ name: string; raw: boolean }>;
  /** Every image opened: the open ones get CloseImage; all of their ids say how far the implementation has counted. */
  images: Array<{ name: string; open: boolean }>;
}

export interface CompiledSequence {
  profile: Profile;
  /** Initialize before the steps: conformance sequences start as a correct client does. */
  initialize: boolean;
  steps: Step[];
  /** The protocol versions the expectations hold for: [since, until). */
  since: string;
  until: string | undefined;
  /** The commands that applied, as labels. */
  applied: string[];
  /** Their classes (see SequenceCommand.classify), in the same order. */
  kinds: string[];
  /** For each step, the index of the applied command it comes from (-1: the closing check). */
  owners: number[];
  /**
   * What a pass leaves open, or null when the session cannot be made fresh again: it was not
   * initialized first, it ended, or random packets may have opened what the model does not know.
   */
  leftOpen: LeftOpen | null;
}

/** After the last step nothing more may arrive: every request had exactly one reply. */
const NO_STRAY_REPLY: Step = { expectNoReply: { withinMs: 10 } };

export function compileSequence(commands: readonly SequenceCommand[], world: SequenceWorld): CompiledSequence {
  const initialize = world.profile === 'conformance';
  const model = makeModel(world, initialize);
  const steps: Step[] = [];
  const applied: string[] = [];
  const kinds: string[] = [];
  const owners: number[] = [];
  for (const command of commands) {
    if (model.ended) break;
    if (!command.check(model)) continue;
    kinds.push(command.classify?.(model) ?? command.toString().replace(/#\d+/g, '#'));
    const added = command.steps(model);
    steps.push(...added);
    owners.push(...added.map(() => applied.length));
    applied.push(command.toString());
  }
  if (!model.ended) {
    steps.push(NO_STRAY_REPLY);
    owners.push(-1);
  }
  return { profile: world.profile, initialize, steps, since: model.since, until: model.until, applied, kinds, owners, leftOpen: leftOpen(model, initialize) };
}

function leftOpen(model: Model, initialize: boolean): LeftOpen | null {
  // Unfinished pipes hold ids a later FinishPipe could meet; orphaned ones carry nothing predicted.
  if (!initialize || model.ended || model.unsure || model.unfinished.length > 0 || model.pipes.some((p) => p.orphaned)) return null;
  return {
    pipes: model.pipes.map((p) => ({ name: p.name, raw: p.raw })),
    images: model.images.map((i) => ({ name: i.name, open: i.open })),
  };
}

interface CaseText {
  id: string;
  title: string;
  why: string;
  reference: string;
}

/** The compiled sequence as a scenario case, in the suite's format. */
export function toScenarioCase(sequence: CompiledSequence, text: CaseText): ScenarioCase {
  return {
    ...text,
    level: sequence.profile === 'conformance' ? 'MUST' : 'SHOULD',
    since: sequence.since,
    ...(sequence.until !== undefined ? { until: sequence.until } : {}),
    tags: ['fuzz', sequence.profile],
    image: 'simple',
    initialize: sequence.initialize,
    steps: sequence.steps,
  };
}

/** Requests a step sequence sends (FinishPipe inside reads included), for throughput figures. */
export function countRequests(steps: readonly Step[]): number {
  let n = 0;
  for (const step of steps) {
    if ('call' in step || 'send' in step) n += 1;
    else if ('read' in step) n += step.how === 'no-finish' || step.how === 'never' ? 0 : 1;
    else if ('pipeline' in step) n += step.pipeline.length;
    else if ('repeat' in step) n += step.repeat * countRequests(step.steps);
  }
  return n;
}
