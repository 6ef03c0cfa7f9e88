// The report document: one run of the suite against one or more implementations, as every view
// (console, results.json, JUnit, HTML, markdown) and every later step (merge, diff) reads it.
// results.json is this document serialized; specs/results.schema.json describes it.
import type { CoverageRecord } from '../coverage/record.js';
import type { Level } from '../model/case.js';
import { countByStatus, type CaseResult } from '../verdicts/result.js';
import { isFailure, VERDICT_STATUSES, type VerdictStatus } from '../verdicts/verdict.js';
import type { KnownDeviation } from '../verdicts/known-deviations.js';

export const RESULTS_FORMAT = 1;

/** How a case's outcome relates to the implementation's baseline, when one was given. */
export type BaselineOutcome =
  /** Not in the baseline and passed (or did not apply): nothing to say. */
  | 'clean'
  /** Failed the way the baseline records. */
  | 'expected'
  /** Failed with no record, or differently from its record. */
  | 'regression'
  /** Recorded as failing, now passes: the record should go. */
  | 'stale'
  /** Recorded as flaky: its outcome does not gate. */
  | 'flaky';

export interface FdSummary {
  /** File descriptors received with replies, by kind (`pipe`, `socket`, `file`, …). */
  received: Record<string, number>;
  /** Payload pipes read, and their bytes in all. */
  payloads: number;
  payloadBytes: number;
}

export interface CaseRecord extends CaseResult {
  /** The method group the case belongs to: the first segment of its id (`getblob`, `finishpipe`). */
  group: string;
  /** Set when the run had a baseline for this implementation. */
  baseline?: { outcome: BaselineOutcome; recorded?: VerdictStatus; reason?: string };
  /** Earlier outcomes when the case was re-run (flaky records are run again alone). */
  attempts?: VerdictStatus[];
  /** Without a baseline: the known deviation of the implementation's release that this failure matches. */
  knownDeviation?: KnownDeviation;
  fds: FdSummary;
}

export interface ImplementationRecord {
  /** A short name for tables: the executable's base name, or the config file's `label`. */
  label: string;
  executable: string;
  args: string[];
  socket: string;
  /** What the executable says of itself (`skopeo version 1.9.3`), when it says anything. */
  versionString: string | null;
  /** From Initialize; null when the preflight failed. */
  protocolVersion: string | null;
  /** The role the run played, when not the server role (client, fidelity). */
  role?: string;
}

export interface BaselineSummary {
  file: string;
  implementation: string;
  regressions: Array<{ id: string; expected: string; got: VerdictStatus; message: string }>;
  stale: Array<{ id: string; expected: string; got: VerdictStatus }>;
  unknown: string[];
  expected: string[];
  flaky: string[];
}

export interface ImplementationRun {
  implementation: ImplementationRecord;
  preflightError: string | null;
  startedAt: string;
  durationMs: number;
  cases: CaseRecord[];
  baseline: BaselineSummary | null;
  /** Set when the run was interrupted: the ids of the selected cases that never started. */
  interrupted?: { notRun: string[] };
  /** Set with --coverage: the implementation's statement coverage (coverage/record.ts). */
  coverage?: CoverageRecord;
}

export interface RunConfiguration {
  /** The fixture seed the golden images were built from. */
  fixtureSeed: number;
  /** progressMs: absent in results written before waits were progress-aware. */
  /** `clientMs`: a client run's per-case deadline for the client (the other timeouts are the harness's own). */
  timeouts: { callMs: number; payloadMs: number; progressMs?: number; exitMs: number; termMs: number; clientMs?: number };
  jobs: number;
  run: string[];
  skip: string[];
  level: Level | null;
  /** `--fail-on`: failures of cases at this level or stricter fail the run. Absent in results written before it was recorded. */
  failOn?: Level;
  /** `--shard i/n`, 1-based. */
  shard: { index: number; count: number } | null;
  /**
   * The run's registry: `ran`; `absent` (turned off, missing or failed to start: the registry cases
   * were not applicable, or failed in CI); `not-needed` (no selected case reads a registry image).
   * Absent in results written before it was recorded.
   */
  registry?: RunRegistryState;
  /** Cases the suite has, and how many this run selected. */
  suiteCases: number;
  selectedCases: number;
  /** sha256 of the suite's sorted case ids and the fixture seed: shard files merge only when it matches. */
  suiteDigest: string;
  configFile: string | null;
}

export type RunRegistryState = 'ran' | 'absent' | 'not-needed';

export interface Environment {
  tool: { name: string; version: string };
  node: string;
  platform: string;
  arch: string;
  kernel: string;
  cpus: number;
  /** Set in CI (GITHUB_ACTIONS, CI…): where and which job. */
  ci: string | null;
}

export interface ReportDocument {
  format: typeof RESULTS_FORMAT;
  startedAt: string;
  durationMs: number;
  environment: Environment;
  configuration: RunConfiguration;
  runs: ImplementationRun[];
  /** Set on a document made by `merge`: the files it was made from. */
  mergedFrom?: string[];
  /** Set when the run was interrupted: how many selected cases never started, over every implementation. */
  interrupted?: { notRun: number };
}

export function groupOf(id: string): string {
  const [first, second] = id.split('/');
  // Client cases all start with `client/`: their group is the next segment (client/fetch, client/fds…).
  if (first === 'client' && second !== undefined) return `client/${second}`;
  return first ?? id;
}

/** Counts a list of cases by verdict; `failed` counts every failure status (hangs, crashes and harness errors too). */
export function tally(cases: readonly CaseResult[]): Record<VerdictStatus, number> & { failed: number } {
  const counts = countByStatus(cases);
  const failed = VERDICT_STATUSES.filter(isFailure).reduce((n, s) => n + counts[s], 0);
  return { ...counts, failed };
}
