// A replay is a value: the flags printed with a failure parse back to it, and a seed with a path
// regenerates exactly the counterexample fast-check shrank to.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { sequenceArbitrary } from '../sequences/arbitrary.js';
import { compileSequence } from '../sequences/compile.js';
import { PROFILES } from '../sequences/model.js';
import { fixedSizeWorld } from '../test-support/sequence-world.js';
import { formatReplay, MAX_SEED, parseReplay, type Replay } from './replay-path.js';

const replayArbitrary: fc.Arbitrary<Replay> = fc.record({
  profile: fc.constantFrom(...PROFILES),
  seed: fc.integer({ min: 0, max: MAX_SEED }),
  path: fc.array(fc.nat(), { minLength: 1, maxLength: 30 }).map((steps) => steps.join(':')),
});

describe('replay path', () => {
  test('parseReplay inverts formatReplay for every profile, seed and path', () => {
    fc.assert(
      fc.property(replayArbitrary, (replay) => {
        expect(parseReplay(formatReplay(replay))).toEqual(replay);
      }),
    );
  });

  test('formatReplay prints flags ready to paste after `proxy-conformance fuzz`', () => {
    expect(formatReplay({ profile: 'adversarial', seed: 42, path: '7:0:3' })).toBe('--profile adversarial --seed 42 --path "7:0:3"');
  });

  test.each([
    ['--profile hostile --seed 1 --path "0"', /--profile takes conformance or adversarial/],
    ['--profile conformance --seed -1 --path "0"', /--seed takes a whole number/],
    [`--profile conformance --seed ${MAX_SEED + 1} --path "0"`, /--seed takes a whole number/],
    ['--profile conformance --seed 1 --path "a:b"', /--path takes the path printed with a failure/],
    ['--seed 1', /--profile takes/],
    ['--profile conformance --seed', /a replay is --profile P --seed N --path/],
  ])('rejects %s', (text, message) => {
    expect(() => parseReplay(text)).toThrow(message);
  });

  test.each(PROFILES)('a seed and path regenerate the shrunk %s counterexample exactly', (profile) => {
    const world = fixedSizeWorld(profile);
    // A stand-in for an implementation bug: any sequence that reads a pipe concurrently fails.
    const fails = (commands: Parameters<typeof compileSequence>[0]) =>
      compileSequence(commands, world).steps.some((s) => 'read' in s && s.how === 'concurrent');
    const found = fc.check(fc.property(sequenceArbitrary(profile), (commands) => !fails(commands)), { seed: 7 });
    expect(found.failed).toBe(true);
    const path = found.counterexamplePath as string;
    const replay = parseReplay(formatReplay({ profile, seed: found.seed, path }));
    const again = fc.check(fc.property(sequenceArbitrary(profile), (commands) => !fails(commands)), { seed: replay.seed, path: replay.path, endOnFailure: true });
    const steps = (r: typeof found) => compileSequence((r.counterexample as [Parameters<typeof compileSequence>[0]])[0], world).steps;
    expect(steps(again)).toEqual(steps(found));
    // Shrunk to the least that still fails: open an image, get a pipe, read it.
    expect(steps(found).filter((s) => !('expectNoReply' in s)).length).toBeLessThanOrEqual(profile === 'adversarial' ? 4 : 3);
  });
});
