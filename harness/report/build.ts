// From the runner's results to the report document: group, fd summary, baseline outcome per case.
import { createHash } from 'node:crypto';
import { arch, cpus, platform, release } from 'node:os';
import { isCiEnvironment } from '../config.js';
import type { CaseResult, RunResult } from '../verdicts/result.js';
import type { Baseline, BaselineComparison } from '../verdicts/baseline.js';
import { TOOL_VERSION } from '../version.js';
import type { TranscriptEvent } from '../protocol/transcript.js';
import { findKnownDeviation, type KnownDeviation, type KnownOutcomes } from '../verdicts/known-deviations.js';
import { isFailure, type VerdictStatus } from '../verdicts/verdict.js';
import {
  groupOf,
  type BaselineOutcome,
  type BaselineSummary,
  type CaseRecord,
  type Environment,
  type FdSummary,
  type ImplementationRun,
  type RunConfiguration,
} from './model.js';

function summarizeFds(transcript: readonly TranscriptEvent[]): FdSummary {
  const summary: FdSummary = { received: {}, payloads: 0, payloadBytes: 0 };
  for (const e of transcript) {
    if (e.event === 'recv') for (const kind of e.fds) summary.received[fdKind(kind)] = (summary.received[fdKind(kind)] ?? 0) + 1;
    if (e.event === 'payload') {
      summary.payloads++;
      summary.payloadBytes += e.bytes;
    }
  }
  return summary;
}

/** `pipe (read end)` and `pipe` count as one kind: the first word. */
function fdKind(description: string): string {
  return description.split(/[\s:(]/)[0] || description;
}

export function toCaseRecord(result: CaseResult, outcome?: CaseRecord['baseline']): CaseRecord {
  return { ...result, group: groupOf(result.id), fds: summarizeFds(result.transcript), ...(outcome ? { baseline: outcome } : {}) };
}

interface BaselineInput {
  file: string;
  baseline: Baseline;
  comparison: BaselineComparison;
}

/**
 * Without a baseline, `known` (the release's shipped record) labels the failures it explains;
 * `attempts` holds the earlier outcomes of cases a flaky record ran again.
 */
export function toImplementationRun(
  run: RunResult,
  label: string,
  versionString: string | null,
  baseline?: BaselineInput,
  known?: KnownOutcomes | null,
  attempts?: ReadonlyMap<string, VerdictStatus[]>,
): ImplementationRun {
  const outcomeOf = baseline ? baselineOutcomes(baseline) : undefined;
  const knownOf = baseline === undefined && known ? (r: CaseResult) => (isFailure(r.verdict.status) ? findKnownDeviation(r, known) : null) : () => null;
  return {
    implementation: { label, ...run.implementation, versionString },
    preflightError: run.preflightError,
    startedAt: run.startedAt,
    durationMs: run.durationMs,
    cases: run.results.map((r) => withAttempts(withKnownDeviation(toCaseRecord(r, outcomeOf?.(r)), knownOf(r)), attempts?.get(r.id))),
    baseline: baseline ? summarizeBaseline(baseline) : null,
    ...(run.interrupted ? { interrupted: run.interrupted } : {}),
  };
}

function withAttempts(record: CaseRecord, attempts: VerdictStatus[] | undefined): CaseRecord {
  return attempts === undefined ? record : { ...record, attempts };
}

function withKnownDeviation(record: CaseRecord, known: KnownDeviation | null): CaseRecord {
  return known === null ? record : { ...record, knownDeviation: known };
}

function baselineOutcomes({ baseline, comparison }: BaselineInput): (r: CaseResult) => CaseRecord['baseline'] {
  const kind = new Map<string, BaselineOutcome>();
  for (const id of comparison.expected) kind.set(id, 'expected');
  for (const r of comparison.regressions) kind.set(r.id, 'regression');
  for (const s of comparison.stale) kind.set(s.id, 'stale');
  for (const id of comparison.flaky) kind.set(id, 'flaky');
  return (r) => {
    const entry = baseline.cases[r.id];
    return {
      outcome: kind.get(r.id) ?? 'clean',
      ...(entry ? { recorded: entry.status, reason: entry.reason } : {}),
    };
  };
}

function summarizeBaseline({ file, baseline, comparison }: BaselineInput): BaselineSummary {
  return {
    file,
    implementation: baseline.implementation,
    regressions: comparison.regressions,
    stale: comparison.stale,
    unknown: comparison.unknown,
    expected: comparison.expected,
    flaky: comparison.flaky,
  };
}

export function describeEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  return {
    tool: { name: 'proxy-conformance', version: TOOL_VERSION },
    node: process.version,
    platform: platform(),
    arch: arch(),
    kernel: release(),
    cpus: cpus().length,
    ci: describeCi(env),
  };
}

function describeCi(env: NodeJS.ProcessEnv): string | null {
  if (env.GITHUB_ACTIONS === 'true') return `GitHub Actions ${env.GITHUB_REPOSITORY ?? ''} run ${env.GITHUB_RUN_ID ?? '?'} job ${env.GITHUB_JOB ?? '?'}`.replace(/\s+/g, ' ');
  if (env.GITLAB_CI === 'true') return `GitLab CI job ${env.CI_JOB_ID ?? '?'}`;
  if (isCiEnvironment(env)) return 'CI';
  return null;
}

/** A run's configuration as results.json records it; the digest of the suite's ids and seed stamps shard files. */
export function makeRunConfiguration(run: Omit<RunConfiguration, 'suiteCases' | 'suiteDigest'> & { suiteIds: readonly string[] }): RunConfiguration {
  const { suiteIds, ...rest } = run;
  const digest = createHash('sha256').update(JSON.stringify({ ids: [...suiteIds].sort(), seed: run.fixtureSeed })).digest('hex');
  return { ...rest, suiteCases: suiteIds.length, suiteDigest: `sha256:${digest}` };
}
