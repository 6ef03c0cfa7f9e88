// Coverage guidance without an implementation: a stand-in run says which "blocks" a sequence
// reached (from its steps), so the corpus, the seeded arbitrary and the guided rounds are checked
// exactly, bounded by runs and never by the clock.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { CaseResult } from '../verdicts/result.js';
import type { Step } from '../scenarios/types.js';
import type { SequenceCommand } from '../sequences/command.js';
import { MAX_COMMANDS, sequenceArbitrary } from '../sequences/arbitrary.js';
import { compileSequence } from '../sequences/compile.js';
import { fixedSizeWorld } from '../test-support/sequence-world.js';
import { Corpus } from './corpus.js';
import { explore, type ExploreInput } from './explore.js';
import { CoverageGuide } from './guided.js';
import { growSeed, seededArbitrary } from './seeded-arbitrary.js';

const PASS: CaseResult = { id: 'x/y', title: 't', level: 'MUST', tags: [], verdict: { status: 'pass' }, durationMs: 1, transcript: [], stderrTail: '' };

/** Stand-in commands: only their identity and label matter to the corpus. */
function commands(...labels: string[]): SequenceCommand[] {
  return labels.map((label) => ({ check: () => true, steps: () => [], toString: () => label }));
}

/** A stand-in's blocks: each method called, and each method called after another (a "deeper" block). */
function blocksOf(steps: readonly Step[]): Set<string> {
  const calls = steps.flatMap((s) => ('call' in s && typeof s.call === 'string' ? [s.call] : []));
  return new Set([...calls, ...calls.slice(1).map((c, i) => `${calls[i]}>${c}`)]);
}

describe('Corpus', () => {
  test('keeps a sequence as a seed only when it reached a block no earlier one did', () => {
    const corpus = new Corpus();
    const [a, b, c, d] = [commands('a'), commands('b'), commands('c'), commands('d')];
    expect(corpus.observe(a, new Set(['1', '2']))).toBe(2);
    expect(corpus.observe(b, new Set(['2']))).toBe(0);
    expect(corpus.observe(c, null)).toBe(0);
    expect(corpus.observe(d, new Set(['1', '3']))).toBe(1);
    expect(corpus.seeds.map((s) => [s.labels, s.newBlocks, s.atSequence])).toEqual([
      [['a'], 2, 1],
      [['d'], 1, 4],
    ]);
    expect(corpus.seeds[1]?.commands).toBe(d);
    expect(corpus.pointAt(1500)).toEqual({ atMs: 1500, sequences: 4, withCounters: 3, blocks: 3, seeds: 2 });
  });
});

describe('seeded sequences', () => {
  test("growSeed keeps one up to all of a seed's commands, then the added ones, at most MAX_COMMANDS", () => {
    const seed = commands('s1', 's2', 's3');
    const added = commands('n1', 'n2');
    expect(growSeed(seed, 0, added).map(String)).toEqual(['s1', 'n1', 'n2']);
    expect(growSeed(seed, 2, added).map(String)).toEqual(['s1', 's2', 's3', 'n1', 'n2']);
    expect(growSeed(seed, 4, []).map(String)).toEqual(['s1', 's2']);
    expect(growSeed([], 7, added).map(String)).toEqual(['n1', 'n2']);
    const long = commands(...Array.from({ length: MAX_COMMANDS }, (_, i) => `s${i}`));
    expect(growSeed(long, MAX_COMMANDS - 1, added)).toHaveLength(MAX_COMMANDS);
  });

  test('without seeds the arbitrary is the fresh one; with seeds most sequences begin with a seed', () => {
    const fresh = fc.sample(sequenceArbitrary('conformance'), { seed: 7, numRuns: 20 }).map((s) => s.map(String));
    expect(fc.sample(seededArbitrary('conformance', []), { seed: 7, numRuns: 20 }).map((s) => s.map(String))).toEqual(fresh);
    const corpus = new Corpus();
    const seed = commands('SEED-FIRST', 'SEED-SECOND');
    corpus.observe(seed, new Set(['1']));
    const grown = fc.sample(seededArbitrary('conformance', corpus.seeds), { seed: 7, numRuns: 200 });
    const fromSeed = grown.filter((s) => s[0] === seed[0]).length;
    // Three of four draws grow from a seed: far more than none, far fewer than all.
    expect(fromSeed).toBeGreaterThan(100);
    expect(fromSeed).toBeLessThan(200);
  });
});

describe('guided exploration', () => {
  test('every sequence feeds the corpus, each round ends with a point, and seeds are the sequences that found blocks', async () => {
    let ticks = 0;
    const points: number[] = [];
    const guide = new CoverageGuide(() => ++ticks, (p) => points.push(p.blocks), 25);
    const world = fixedSizeWorld('adversarial');
    const run: ExploreInput['run'] = async (sequence) => ({ result: PASS, completedSteps: sequence.steps.length, blocks: blocksOf(sequence.steps) });
    const summary = await explore({ world, run, guide, seed: 3, runs: 150, timeMs: Number.POSITIVE_INFINITY, shrinkMs: Number.POSITIVE_INFINITY, signal: new AbortController().signal });
    expect(summary.explored).toBe(150);
    expect(guide.corpus.sequences).toEqual({ observed: 150, withCounters: 150 });
    // Six rounds of 25, a point each, blocks never falling.
    expect(guide.timeline.map((p) => p.sequences)).toEqual([25, 50, 75, 100, 125, 150]);
    expect(points).toEqual([...points].sort((a, b) => a - b));
    const seeds = guide.corpus.seeds;
    expect(seeds.length).toBeGreaterThan(1);
    expect(seeds.reduce((n, s) => n + s.newBlocks, 0)).toBe(guide.corpus.blocks);
    // Replaying the seeds in order finds exactly their new blocks again.
    const again = new Corpus();
    expect(seeds.map((s) => again.observe(s.commands, blocksOf(compileSequence(s.commands, world).steps)))).toEqual(seeds.map((s) => s.newBlocks));
    expect(guide.toRecord()).toMatchObject({ roundRuns: 25, blocks: guide.corpus.blocks, seeds: expect.any(Array), timeline: expect.any(Array) });
  });

  test('a guided finding says it was guided: its seed and path do not replay it', async () => {
    const guide = new CoverageGuide(() => 0);
    const failing = { ...PASS, verdict: { status: 'fail' as const, message: 'GetManifest failed' } };
    const run: ExploreInput['run'] = async (sequence) => {
      const index = sequence.steps.findIndex((s) => 'call' in s && s.call === 'GetManifest');
      return index < 0 ? { result: PASS, completedSteps: sequence.steps.length, blocks: blocksOf(sequence.steps) } : { result: failing, completedSteps: index, blocks: null };
    };
    const summary = await explore({ world: fixedSizeWorld('conformance'), run, guide, seed: 5, runs: 100, timeMs: Number.POSITIVE_INFINITY, shrinkMs: Number.POSITIVE_INFINITY, signal: new AbortController().signal });
    expect(summary.findings.length).toBeGreaterThan(0);
    expect(summary.findings.every((f) => f.guided === true)).toBe(true);
    // A failing run left no counters: it counts as observed, not as a run with counters.
    expect(guide.corpus.sequences.withCounters).toBeLessThan(guide.corpus.sequences.observed);
  });
});
