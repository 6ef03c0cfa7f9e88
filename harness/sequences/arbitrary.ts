// The fast-check arbitrary of a whole sequence: a list of commands from the profile's pool. An
// adversarial sequence usually starts with Initialize; shrinking may drop it.
import fc from 'fast-check';
import type { SequenceCommand } from './command.js';
import { commandArbitrary } from './commands/index.js';
import { FIRST_INITIALIZE } from './commands/initialize.js';
import type { Profile } from './model.js';

export const MAX_COMMANDS = 40;

/**
 * fast-check shrinks an array's length by dropping its first elements; stored in reverse, the
 * commands after a failure (which never ran) go first and in halves, before any that matter.
 */
export function sequenceArbitrary(profile: Profile): fc.Arbitrary<SequenceCommand[]> {
  const commands = fc.array(commandArbitrary(profile), { maxLength: MAX_COMMANDS, size: 'medium' }).map((stored) => [...stored].reverse());
  if (profile === 'conformance') return commands;
  // 0 (shrunk to first) leaves Initialize out; most sequences get it.
  return fc.tuple(fc.integer({ min: 0, max: 7 }), commands).map(([lead, rest]) => (lead > 0 ? [FIRST_INITIALIZE, ...rest] : rest));
}
