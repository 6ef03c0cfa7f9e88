// What a run with --coverage records of one implementation's statement coverage: how many of its
// processes left counters, whether the counters were merged (and how to merge them when not), and
// per file and per function the statements covered; blocks and source lines for the files of interest.
// results.json carries it as a run's `coverage` (specs/results.schema.json).

/** A run of statements Go's cover tool counts as one unit: `file:startLine.startCol,endLine.endCol statements count`. */
export interface CoverageBlock {
  startLine: number;
  startCol: number;
  endLine: number;
  endCol: number;
  statements: number;
  /** Times the block ran, summed over every process (in `set` mode: how many processes ran it). */
  count: number;
}

export interface StatementCount {
  statements: number;
  covered: number;
}

export interface FunctionCoverage extends StatementCount {
  name: string;
  /** The line its declaration starts on. */
  line: number;
}

export interface FileCoverage extends StatementCount {
  /** As the binary's coverage metadata names it: import path and file name. */
  file: string;
  functions: FunctionCoverage[];
  /** For the files of interest only: every block, in source order. */
  blocks?: CoverageBlock[];
  /** For the files of interest, when the source tree was given and holds the file: its lines. */
  source?: string[];
  /**
   * Shards merged without this file's blocks: each shard's covered statements (in the order of
   * `shards`); `covered` and the functions' are then the largest, a lower bound of the union.
   */
  coveredPerShard?: number[];
}

/** One shard's record in brief, in a record merged from shards. */
export interface CoverageShard {
  /** The shard's results.json, as merge was given it. */
  results: string;
  dir: string;
  state: CoverageRecord['state'];
  processes: CoverageProcesses;
  total?: StatementCount;
  profile?: string;
}

/** How many of the processes launched with a GOCOVERDIR left what. */
export interface CoverageProcesses {
  launched: number;
  /** Wrote counters (a normal exit: after Shutdown or EOF). */
  withCounters: number;
  /** Wrote the metadata a cover build writes at start, but no counters: stopped by a signal, or crashed. */
  withoutCounters: number;
  /** Wrote nothing: not a cover build (or gone before it started). */
  wroteNothing: number;
}

export interface CoverageRecord {
  /** Where the run's counter files are kept (one directory, every process's files; merged from shards, theirs, comma-separated as `go tool covdata -i` takes them). */
  dir: string;
  processes: CoverageProcesses;
  /** `merged`: figures below; `not-merged`: counters kept, `note` says how to merge; `no-counters`: nothing to merge. */
  state: 'merged' | 'not-merged' | 'no-counters';
  /** One line for people: what was measured, or why nothing was, and the command that merges when we could not. */
  note: string;
  /** The pattern that chose the files of interest (`cmd/skopeo/proxy.go` by default). */
  filesOfInterest: string;
  total?: StatementCount;
  files?: FileCoverage[];
  /** The merged text profile (go tool covdata textfmt), for `go tool cover -html`. */
  profile?: string;
  /** Merged from the shards of a run (`merge`): each shard's record in brief. */
  shards?: CoverageShard[];
}

/** `41.1%` of the statements, or `—` when there are none. */
export function formatPercent(count: StatementCount): string {
  return count.statements === 0 ? '—' : `${((100 * count.covered) / count.statements).toFixed(1)}%`;
}
