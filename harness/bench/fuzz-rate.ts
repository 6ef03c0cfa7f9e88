// Fuzzing throughput against one implementation, as `proxy-conformance fuzz` runs it (conformance
// profile, fixed seed, two jobs): sequences and requests per second, read from the run's fuzz.json.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { runFuzz } from '../fuzz/run-fuzz.js';
import { DEFAULT_HANG_MS } from '../fuzz/run-sequence.js';
import type { LaunchSpec } from '../launch/implementation.js';

export interface FuzzRate {
  jobs: number;
  seconds: number;
  sequences: number;
  requests: number;
  sequencesPerS: number;
  requestsPerS: number;
  findings: number;
}

export async function timeFuzz(spec: LaunchSpec, dir: string, seconds: number, jobs = 2): Promise<FuzzRate> {
  const reportDir = path.join(dir, 'fuzz');
  const settings = {
    profile: 'conformance' as const,
    seed: 42,
    runs: Number.POSITIVE_INFINITY,
    timeMs: seconds * 1000,
    shrinkMs: 15_000,
    hangMs: DEFAULT_HANG_MS,
    jobs,
    reportDir,
    command: 'bench',
  };
  await runFuzz(settings, spec, { write: () => {} }, new AbortController().signal);
  const record = JSON.parse(await readFile(path.join(reportDir, 'fuzz.json'), 'utf8')) as { sequences: number; requests: number; durationMs: number; findings: unknown[] };
  const s = record.durationMs / 1000;
  return { jobs, seconds: s, sequences: record.sequences, requests: record.requests, sequencesPerS: record.sequences / s, requestsPerS: record.requests / s, findings: record.findings.length };
}
