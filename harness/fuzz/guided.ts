// Coverage guidance for explore(): each sequence's blocks go into the corpus; each round's arbitrary
// grows sequences from the corpus's seeds beside fresh ones; each round's end is a point of the
// run's blocks over time. The clock is given, so that tests need none.
import type fc from 'fast-check';
import type { SequenceCommand } from '../sequences/command.js';
import type { Profile } from '../sequences/model.js';
import { Corpus, type CoveragePoint } from './corpus.js';
import type { ExploredRun, Guide } from './explore.js';
import { seededArbitrary } from './seeded-arbitrary.js';

/** Sequences per guided round: a round's finds become seeds when the next round begins. */
export const GUIDED_ROUND_RUNS = 40;

export class CoverageGuide implements Guide {
  readonly corpus = new Corpus();
  readonly timeline: CoveragePoint[] = [];
  readonly roundRuns: number;

  /** `elapsedMs` reads the run's time; `onPoint` hears of each round's point as it ends. */
  constructor(
    private readonly elapsedMs: () => number,
    private readonly onPoint: (point: CoveragePoint) => void = () => {},
    roundRuns = GUIDED_ROUND_RUNS,
  ) {
    this.roundRuns = roundRuns;
  }

  arbitrary(profile: Profile): fc.Arbitrary<SequenceCommand[]> {
    return seededArbitrary(profile, this.corpus.seeds);
  }

  observe(commands: readonly SequenceCommand[], run: ExploredRun): void {
    this.corpus.observe(commands, run.blocks ?? null);
  }

  roundEnded(): void {
    const point = this.corpus.pointAt(this.elapsedMs());
    this.timeline.push(point);
    this.onPoint(point);
  }

  /** What fuzz.json records of the guidance: blocks over time and the seeds kept. */
  toRecord(): Record<string, unknown> {
    return {
      roundRuns: this.roundRuns,
      blocks: this.corpus.blocks,
      sequences: this.corpus.sequences,
      timeline: this.timeline.map((p) => ({ ...p, atMs: Math.round(p.atMs) })),
      seeds: this.corpus.seeds.map((s) => ({ commands: s.labels, newBlocks: s.newBlocks, atSequence: s.atSequence })),
    };
  }
}
