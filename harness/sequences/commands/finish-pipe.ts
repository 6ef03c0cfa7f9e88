// FinishPipe outside a read: on an id no pipe has, or a second time on a released pipe. Both must
// fail. Pipe ids may be reused once released, so a duplicate is only predictable while no pipe
// holds an id.
import fc from 'fast-check';
import type { Step } from '../../scenarios/types.js';
import type { SequenceCommand } from '../command.js';
import { pick, pipesHoldingIds, type Model } from '../model.js';

/** Below 2^32 (an implementation may keep ids in 32 bits) and far above any fd number. */
export const UNKNOWN_PIPE_ID = 3_999_999_999;

class FinishPipeCommand implements SequenceCommand {
  constructor(
    readonly kind: 'unknown' | 'duplicate',
    readonly index: number,
  ) {}

  check(model: Model): boolean {
    if (this.kind === 'unknown') return true;
    return model.retired.length > 0 && pipesHoldingIds(model).length === 0 && !model.unsure;
  }

  steps(model: Model): Step[] {
    if (this.kind === 'unknown') return [{ call: 'FinishPipe', args: [UNKNOWN_PIPE_ID], expect: { success: false } }];
    const pipe = pick(model.retired, this.index);
    return [{ call: 'FinishPipe', args: [`\${${pipe?.name}.pipeid}`], expect: { success: false } }];
  }

  toString(): string {
    return this.kind === 'unknown' ? 'FinishPipe(unknown id)' : `FinishPipe(released #${this.index})`;
  }
}

export function finishPipeArbitrary(): fc.Arbitrary<SequenceCommand> {
  return fc.tuple(fc.constantFrom('unknown' as const, 'duplicate' as const), fc.nat(7)).map(([k, i]) => new FinishPipeCommand(k, i));
}
