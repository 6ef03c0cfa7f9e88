// Sequences grown from a guided run's seeds (corpus.ts): a seed's first commands (one up to all of
// them) followed by freshly generated ones, beside wholly fresh sequences so that what no seed leads
// to is still tried. The seeds are fixed for one round's arbitrary; new ones join the next round's.
import fc from 'fast-check';
import type { SequenceCommand } from '../sequences/command.js';
import { commandArbitrary } from '../sequences/commands/index.js';
import { MAX_COMMANDS, sequenceArbitrary } from '../sequences/arbitrary.js';
import type { Profile } from '../sequences/model.js';
import type { Seed } from './corpus.js';

/** Of every four sequences, about three grow from a seed once there are seeds. */
const FRESH_WEIGHT = 1;
const SEEDED_WEIGHT = 3;
/** Commands added after a seed's prefix (stored reversed, as sequenceArbitrary's, so that shrinking drops the last first). */
const MAX_ADDED = 12;

export function seededArbitrary(profile: Profile, seeds: readonly Seed[]): fc.Arbitrary<SequenceCommand[]> {
  const fresh = sequenceArbitrary(profile);
  if (seeds.length === 0) return fresh;
  const grown = fc
    .tuple(fc.constantFrom(...seeds), fc.nat(), fc.array(commandArbitrary(profile), { maxLength: MAX_ADDED, size: 'medium' }).map((stored) => [...stored].reverse()))
    .map(([seed, cut, added]) => growSeed(seed.commands, cut, added));
  return fc.oneof({ weight: FRESH_WEIGHT, arbitrary: fresh }, { weight: SEEDED_WEIGHT, arbitrary: grown });
}

/** The seed's first 1 + cut mod length commands, then `added`, at most MAX_COMMANDS in all. */
export function growSeed(seed: readonly SequenceCommand[], cut: number, added: readonly SequenceCommand[]): SequenceCommand[] {
  const kept = seed.length === 0 ? [] : seed.slice(0, 1 + (cut % seed.length));
  return [...kept, ...added].slice(0, MAX_COMMANDS);
}
