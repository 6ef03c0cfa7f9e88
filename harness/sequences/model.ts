// The model of one proxy session that generated commands are checked against and update: whether
// Initialize succeeded, which images are open, which pipes are live and how they were read. The
// model only predicts replies; the implementation's own ids stay in step bindings (`${img1}`).
import semver from 'semver';
import { loadSpecs } from '../specs/index.js';
import type { PayloadExpectation, ReplyExpectation } from '../scenarios/types.js';
import type { ImageAlias, ImageFacts } from './images.js';

/**
 * `conformance`: only what a correct client does, so a correct implementation passes every sequence.
 * `adversarial`: every ordering and input, including calls with random arguments and raw packets.
 */
export type Profile = 'conformance' | 'adversarial';

export const PROFILES: readonly Profile[] = ['conformance', 'adversarial'];

/** What a sequence is compiled against: the profile, the implementation's protocol version, and fixture sizes. */
export interface SequenceWorld {
  profile: Profile;
  version: string;
  facts: ImageFacts;
}

export interface ImageRecord {
  /** The step binding holding the implementation's id. */
  name: string;
  alias: ImageAlias;
  open: boolean;
}

/** What reading a pipe to its end must yield, and how FinishPipe must answer. */
export interface PipePlan {
  /** Payload size in bytes, when the fixture fixes it. */
  size: number;
  /** Golden comparison of the whole payload; absent when only the ending is predictable. */
  golden?: PayloadExpectation;
  /** FinishPipe after a full read succeeds (false: a wrong size or a corrupt blob must be reported). */
  finishOk: boolean;
}

export interface PipeRecord extends PipePlan {
  name: string;
  method: string;
  image: ImageRecord;
  /** GetRawBlob's data and error pipes: no pipe id, no FinishPipe. */
  raw: boolean;
  /** Its image was closed while the pipe was live: what it carries is no longer predicted. */
  orphaned: boolean;
}

export interface Model {
  readonly world: SequenceWorld;
  initialized: boolean;
  /** Every image an OpenImage succeeded on, open or closed, in order. */
  readonly images: ImageRecord[];
  /** Pipes handed over and not yet read or finished. */
  readonly pipes: PipeRecord[];
  /** Pipes read to EOF without FinishPipe: the implementation still holds their ids. */
  readonly unfinished: PipeRecord[];
  /** Pipes whose FinishPipe was expected to succeed: a second FinishPipe must fail. */
  readonly retired: PipeRecord[];
  /**
   * A random call or raw packet ran: it may have opened pipes the model does not know, so pipe-id
   * predictions (distinct ids, a duplicate FinishPipe) are off from here on.
   */
  unsure: boolean;
  /** Shutdown or EOF was sent: nothing may follow. */
  ended: boolean;
  /** The protocol versions this sequence's expectations hold for: [since, until). */
  since: string;
  until: string | undefined;
  /** Binding names handed out so far. */
  named: number;
}

export function makeModel(world: SequenceWorld, initialized: boolean): Model {
  return {
    world,
    initialized,
    images: [],
    pipes: [],
    unfinished: [],
    retired: [],
    unsure: false,
    ended: false,
    since: '0.2.1',
    until: undefined,
    named: 0,
  };
}

/** A fresh binding name: `img1`, `p2`… unique within the sequence. */
export function nextName(model: Model, prefix: string): string {
  model.named += 1;
  return `${prefix}${model.named}`;
}

/**
 * True when the implementation's protocol version has `method`; records the version range the
 * expectation holds for. An unparseable version has every method, as the suite runs every case then.
 */
export function useMethod(model: Model, method: string): boolean {
  const since = loadSpecs().methodByName(method)?.since ?? '0.2.1';
  if (semver.valid(model.world.version) === null || semver.gte(model.world.version, since)) {
    if (semver.gt(since, model.since)) model.since = since;
    return true;
  }
  if (model.until === undefined || semver.lt(since, model.until)) model.until = since;
  return false;
}

/** A method newer than the implementation is answered as unknown: an error, no fds. */
export const UNKNOWN_METHOD: ReplyExpectation = { success: false, fds: 0 };

/** Any reply, success or error, as long as one arrives and keeps the invariants. */
export const ANY_REPLY: ReplyExpectation = { success: 'any' };

/** Pipes the implementation still holds under an id: a new pipe id must differ from theirs. */
export function pipesHoldingIds(model: Model): PipeRecord[] {
  return [...model.pipes.filter((p) => !p.raw), ...model.unfinished];
}

export function openImages(model: Model): ImageRecord[] {
  return model.images.filter((i) => i.open);
}

export function closedImages(model: Model): ImageRecord[] {
  return model.images.filter((i) => !i.open);
}

/** Picks the element `index` points at, modulo the list (commands carry an index, not a name). */
export function pick<T>(list: readonly T[], index: number): T | undefined {
  return list.length === 0 ? undefined : list[index % list.length];
}
