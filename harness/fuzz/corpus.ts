// What guided fuzzing keeps: every block any sequence reached so far, and as seeds the sequences
// that reached a block no earlier one had, in the order they did. Later rounds grow new sequences
// from the seeds (seeded-arbitrary.ts). Pure bookkeeping: times are given, never read from a clock.
import type { BlockId } from '../coverage/counter-file.js';
import type { SequenceCommand } from '../sequences/command.js';

export interface Seed {
  commands: readonly SequenceCommand[];
  /** The commands as labels (fuzz.json). */
  labels: string[];
  /** Blocks it reached first. */
  newBlocks: number;
  /** Sequences observed before it joined, it included. */
  atSequence: number;
}

/** Blocks reached so far, at a moment of the run: a line of the run's coverage over time. */
export interface CoveragePoint {
  atMs: number;
  sequences: number;
  /** Sequences whose process left counters (the others hung, crashed or were killed). */
  withCounters: number;
  blocks: number;
  seeds: number;
}

export class Corpus {
  private readonly reached = new Set<BlockId>();
  private readonly kept: Seed[] = [];
  private observed = 0;
  private counted = 0;

  /**
   * One sequence's run: the blocks its process reached, or null when it left no counters. Returns
   * how many of them no earlier sequence reached; when any, the commands join the seeds.
   */
  observe(commands: readonly SequenceCommand[], blocks: ReadonlySet<BlockId> | null): number {
    this.observed += 1;
    if (blocks === null) return 0;
    this.counted += 1;
    let fresh = 0;
    for (const block of blocks) {
      if (this.reached.has(block)) continue;
      this.reached.add(block);
      fresh += 1;
    }
    if (fresh > 0) this.kept.push({ commands, labels: commands.map(String), newBlocks: fresh, atSequence: this.observed });
    return fresh;
  }

  get seeds(): readonly Seed[] {
    return this.kept;
  }

  get blocks(): number {
    return this.reached.size;
  }

  /** Sequences observed so far, and how many of them left counters. */
  get sequences(): { observed: number; withCounters: number } {
    return { observed: this.observed, withCounters: this.counted };
  }

  pointAt(atMs: number): CoveragePoint {
    return { atMs, sequences: this.observed, withCounters: this.counted, blocks: this.reached.size, seeds: this.kept.length };
  }
}
