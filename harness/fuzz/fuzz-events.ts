// What a fuzz run tells as it goes, for a reporter to render (report/fuzz-console.ts on the console):
// the run itself never writes, so the run and how it is shown change apart, as a case run's do.
import type { KnownDeviation } from '../verdicts/known-deviations.js';
import type { ExploreSummary, Finding } from './explore.js';
import type { ReuseRecord } from './run-sequence.js';
import type { CoveragePoint } from './corpus.js';

/** The run as it starts. */
export interface FuzzStart {
  implementation: string;
  protocolVersion: string;
  profile: string;
  seed: number;
  /** Replaying one counterexample: its fast-check path. */
  path?: string;
  jobs: number;
  runs: number;
  timeMs: number;
  hangMs: number;
  shrinkMs: number;
  /** Coverage-guided. */
  guided?: boolean;
}

/** The run as it ended. */
export interface FuzzEnd {
  summary: ExploreSummary;
  /** Reproduced findings that are recorded deviations of the release, and whether they gate. */
  known: { count: number; release: string; gating: boolean };
  sessions: { sequencesPerSession: number; record: ReuseRecord };
  /** fuzz.json. */
  reportFile: string;
  /** A replayed counterexample that did not fail again. */
  notReproduced: boolean;
  /** A guided run: the blocks reached and seeds kept at its end. */
  guided?: CoveragePoint;
}

export interface FuzzEvents {
  /** Nothing ran: the start-up was interrupted, or the implementation could not be initialized. */
  notStarted(why: { interrupted: true } | { interrupted: false; message: string }): void;
  started(run: FuzzStart): void;
  /** A finding, shrunk and written to `file`; `known` when it reproduces a recorded deviation. */
  finding(finding: Finding, file: string, known: { deviation: KnownDeviation; gating: boolean } | null, command: string): void;
  finished(end: FuzzEnd): void;
  /** A guided run's round ended: the blocks reached so far. */
  coverage?(point: CoveragePoint): void;
}

/** Events nobody shows (benchmarks, tests that read fuzz.json). */
export const SILENT_FUZZ_EVENTS: FuzzEvents = { notStarted() {}, started() {}, finding() {}, finished() {} };
