// Initialize: the first one succeeds with a version, any later one fails; an argument is refused.
import fc from 'fast-check';
import type { Step } from '../../scenarios/types.js';
import type { SequenceCommand } from '../command.js';
import type { Model } from '../model.js';

/** How the arguments are sent: `[]`, `null`, no `args` key, or one argument (`[1]`, refused). */
type InitializeArgs = 'empty' | 'null' | 'absent' | 'one';

class InitializeCommand implements SequenceCommand {
  constructor(readonly args: InitializeArgs) {}

  check(model: Model): boolean {
    // A correct client initializes once, first; only adversarial sequences start uninitialized.
    if (model.world.profile === 'conformance') return model.initialized;
    // Before Initialize, only `[]` and `[1]` have a specified answer (null and absent are INFO-level).
    return model.initialized || this.args === 'empty' || this.args === 'one';
  }

  steps(model: Model): Step[] {
    const call = { call: 'Initialize', ...initializeArgs(this.args) };
    if (model.initialized || this.args === 'one') return [{ ...call, expect: { success: false } }];
    model.initialized = true;
    return [{ ...call, expect: { value: { $semver: true } } }];
  }

  toString(): string {
    return `Initialize(${this.args})`;
  }
}

function initializeArgs(args: InitializeArgs): { args?: unknown[] | null; omitArgs?: true } {
  if (args === 'null') return { args: null };
  if (args === 'absent') return { omitArgs: true };
  return { args: args === 'one' ? [1] : [] };
}

export const FIRST_INITIALIZE = new InitializeCommand('empty');

export function initializeArbitrary(): fc.Arbitrary<SequenceCommand> {
  return fc.constantFrom<InitializeArgs>('empty', 'one', 'null', 'absent').map((a) => new InitializeCommand(a));
}
