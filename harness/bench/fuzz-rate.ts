// Fuzzing throughput against one implementation, as `proxy-conformance fuzz` runs it (conformance
// profile, fixed seed, two jobs): sequences and requests per second, read from the run's fuzz.json,
// and where the CPU went per sequence, which bounds the rate a machine of this many cores can reach.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { FUZZ_DEFAULTS } from '../config.js';
import { runFuzz } from '../fuzz/run-fuzz.js';
import { DEFAULT_HANG_MS } from '../config.js';
import type { LaunchSpec } from '../launch/implementation.js';
import type { FuzzEvents } from '../fuzz/fuzz-events.js';
import { firstLine, type ProgressStep } from './progress.js';

export interface FuzzRate {
  jobs: number;
  /** Sequences one session served at most (1: a fresh process for each). */
  sequencesPerSession: number;
  /** Fresh sessions (processes) the sequences ran in. */
  freshSessions: number;
  seconds: number;
  sequences: number;
  requests: number;
  sequencesPerS: number;
  requestsPerS: number;
  findings: number;
  /** CPU per sequence: this process (the harness) and the processes it started and reaped (the implementation). */
  cpuMsPerSequence: { harness: number; implementation: number };
  /** The rate if every core did nothing but this: with the harness's CPU, and with a harness that cost nothing. */
  ceilingRequestsPerS: { withHarness: number; implementationAlone: number };
}

/** Linux's USER_HZ: /proc reports CPU time in these ticks on every architecture Node runs on. */
const TICKS_PER_S = 100;

/** CPU seconds of this process and of its reaped children, from /proc/self/stat. */
export function cpuSeconds(): { self: number; children: number } {
  // Fields after the command name (which may hold spaces): utime is the 12th, then stime, cutime, cstime.
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  const tick = (i: number) => Number(fields[i]) / TICKS_PER_S;
  return { self: tick(11) + tick(12), children: tick(13) + tick(14) };
}

export async function timeFuzz(spec: LaunchSpec, dir: string, seconds: number, jobs = 2, sequencesPerSession = FUZZ_DEFAULTS.sequencesPerSession, step?: ProgressStep): Promise<FuzzRate> {
  const reportDir = path.join(dir, 'fuzz');
  const settings = {
    profile: 'conformance' as const,
    seed: 42,
    runs: Number.POSITIVE_INFINITY,
    timeMs: seconds * 1000,
    shrinkMs: 15_000,
    hangMs: DEFAULT_HANG_MS,
    jobs,
    sequencesPerSession,
    reportDir,
    command: 'bench',
  };
  const before = cpuSeconds();
  await runFuzz(settings, spec, {}, progressEvents(step), new AbortController().signal);
  const after = cpuSeconds();
  const record = JSON.parse(await readFile(path.join(reportDir, 'fuzz.json'), 'utf8')) as {
    sequences: number;
    requests: number;
    durationMs: number;
    findings: unknown[];
    sessions: { freshSessions: number };
  };
  const s = record.durationMs / 1000;
  const perSequence = (cpuS: number) => (cpuS * 1000) / Math.max(1, record.sequences);
  const cpuMsPerSequence = { harness: perSequence(after.self - before.self), implementation: perSequence(after.children - before.children) };
  const requestsPerSequence = record.requests / Math.max(1, record.sequences);
  const ceiling = (ms: number) => (ms > 0 ? ((availableParallelism() * 1000) / ms) * requestsPerSequence : Number.POSITIVE_INFINITY);
  return {
    jobs,
    sequencesPerSession,
    freshSessions: record.sessions.freshSessions,
    seconds: s,
    sequences: record.sequences,
    requests: record.requests,
    sequencesPerS: record.sequences / s,
    requestsPerS: record.requests / s,
    findings: record.findings.length,
    cpuMsPerSequence,
    ceilingRequestsPerS: { withHarness: ceiling(cpuMsPerSequence.harness + cpuMsPerSequence.implementation), implementationAlone: ceiling(cpuMsPerSequence.implementation) },
  };
}

/** The run's events as progress: its start once the implementation is initialized, each finding as it is written. */
function progressEvents(step: ProgressStep | undefined): FuzzEvents {
  let findings = 0;
  return {
    notStarted: () => {},
    started: (run) => step?.(`initialized ${run.implementation.split(' ')[0] ?? ''} (protocol ${run.protocolVersion}); exploring`, true),
    finding: (finding) => step?.(`finding ${++findings} written (${firstLine(finding.signature, 80)}; found after ${finding.foundAfterSequences} sequences)`),
    finished: (end) => step?.(`finished: ${end.summary.sequences} sequences, ${end.summary.requests} requests`, true),
  };
}
