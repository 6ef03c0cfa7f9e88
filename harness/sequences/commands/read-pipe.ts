// Reading a live pipe, in one of the orders a client may choose relative to FinishPipe. Which
// orders a correct client uses, and what each must yield, follows the protocol's pipe rules:
// FinishPipe releases the write end, so reading to EOF first never ends on a conforming proxy
// that holds the write end; a closed reader breaks a writer that has more than a pipe buffer left.
import fc from 'fast-check';
import type { PayloadExpectation, ReadHow, ReplyExpectation, Step } from '../../scenarios/types.js';
import type { SequenceCommand } from '../command.js';
import { LARGE_PAYLOAD, sizeClass } from '../images.js';
import { ANY_REPLY, pick, type Model, type PipeRecord, type Profile } from '../model.js';

/** "Never read" is no read command at all: the pipe stays live until the session ends. */
type ReadStrategy = Exclude<ReadHow, 'never'>;

// Every read order, in an order of its own: which strategy a seed draws depends on it.
const STRATEGIES: readonly ReadStrategy[] = ['concurrent', 'finish-first', 'to-eof-first', 'no-finish', 'close-unread', 'partial'];

export class ReadPipeCommand implements SequenceCommand {
  constructor(
    readonly index: number,
    readonly how: ReadStrategy,
    readonly cut: number,
  ) {}

  check(model: Model): boolean {
    const pipe = pick(model.pipes, this.index);
    return pipe !== undefined && isAllowed(model.world.profile, pipe, this.how);
  }

  steps(model: Model): Step[] {
    const pipe = pick(model.pipes, this.index) as PipeRecord;
    model.pipes.splice(model.pipes.indexOf(pipe), 1);
    return [pipe.raw ? this.rawStep(pipe) : this.pipeStep(model, pipe)];
  }

  private pipeStep(model: Model, pipe: PipeRecord): Step {
    const predictable = !pipe.orphaned;
    const golden = predictable && pipe.finishOk ? pipe.golden : undefined;
    const payload = golden !== undefined ? { expectPayload: golden } : {};
    switch (this.how) {
      case 'concurrent':
      case 'finish-first':
      case 'to-eof-first': {
        // A wrong size or a corrupt blob is reported by FinishPipe, after the bytes.
        const expectFinish: ReplyExpectation = !predictable ? ANY_REPLY : pipe.finishOk ? { value: null } : { success: false };
        if (predictable && pipe.finishOk) model.retired.push(pipe);
        return { read: pipe.name, how: this.how, ...payload, expectFinish };
      }
      case 'no-finish':
        model.unfinished.push(pipe);
        return { read: pipe.name, how: this.how, ...payload };
      case 'close-unread':
        return { read: pipe.name, how: this.how, expectFinish: predictable && sizeClass(pipe.size) === 'large' ? brokenPipe(pipe) : ANY_REPLY };
      case 'partial': {
        const { bytes, breaks } = cutAt(pipe, this.cut);
        return { read: pipe.name, how: this.how, bytes, expectFinish: predictable && breaks ? brokenPipe(pipe) : ANY_REPLY };
      }
    }
  }

  private rawStep(pipe: PipeRecord): Step {
    const predictable = !pipe.orphaned;
    if (this.how === 'close-unread' || this.how === 'partial') {
      const { bytes, breaks } = this.how === 'partial' ? cutAt(pipe, this.cut) : { bytes: 0, breaks: sizeClass(pipe.size) === 'large' };
      const epipe: PayloadExpectation = { jsonSubset: { code: 'EPIPE' }, schema: 'error-pipe' };
      return { readRaw: pipe.name, closeDataAfter: bytes, ...(predictable && breaks ? { expectError: epipe } : {}) };
    }
    return {
      readRaw: pipe.name,
      ...(predictable && pipe.golden !== undefined ? { expectPayload: pipe.golden } : {}),
      ...(predictable && pipe.finishOk ? { expectError: { empty: true } } : {}),
    };
  }

  classify(model: Model): string {
    const pipe = pick(model.pipes, this.index) as PipeRecord;
    return `Read(${this.how}, ${pipe.raw ? 'raw' : sizeClass(pipe.size)})`;
  }

  toString(): string {
    return `Read(#${this.index}, ${this.how}${this.how === 'partial' ? ` ${this.cut}` : ''})`;
  }
}

/**
 * A correct client reads while FinishPipe is in flight, may finish first when the payload fits a
 * pipe buffer, and may abandon a pipe; it never waits for EOF before FinishPipe.
 */
function isAllowed(profile: Profile, pipe: PipeRecord, how: ReadStrategy): boolean {
  if (profile === 'adversarial' || pipe.raw) return true;
  if (how === 'concurrent' || how === 'close-unread' || how === 'partial') return true;
  return how === 'finish-first' && sizeClass(pipe.size) === 'small';
}

/** Where a partial read stops: inside the payload, and for a large one early enough to break the writer. */
function cutAt(pipe: PipeRecord, cut: number): { bytes: number; breaks: boolean } {
  if (sizeClass(pipe.size) === 'large') return { bytes: 1 + (cut % (pipe.size - LARGE_PAYLOAD)), breaks: true };
  return { bytes: 1 + (cut % Math.max(1, pipe.size - 1)), breaks: false };
}

function brokenPipe(pipe: PipeRecord): ReplyExpectation {
  return pipe.finishOk ? { success: false, errorCode: 'EPIPE' } : { success: false };
}

export function readPipeArbitrary(): fc.Arbitrary<SequenceCommand> {
  const how = fc.oneof(
    { weight: 6, arbitrary: fc.constant<ReadStrategy>('concurrent') },
    { weight: 4, arbitrary: fc.constantFrom<ReadStrategy>(...STRATEGIES.filter((s) => s !== 'concurrent')) },
  );
  return fc.tuple(fc.nat(7), how, fc.nat(1 << 20)).map(([i, h, c]) => new ReadPipeCommand(i, h, c));
}
