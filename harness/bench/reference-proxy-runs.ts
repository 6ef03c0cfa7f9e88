// The figures of runs against the reference proxy that session hosts serve: the mutation score's
// wall time (full and --first-kill) and the fuzzer's request rate, each measured through the CLI as
// a user runs it, beside the floor a raw client reaches on the same proxy. Targets: full mutation
// score ≤ 180 s on 2 cores; fuzzing ≥ 1000 requests/s.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import type { Readable } from 'node:stream';
import { dir as makeTempDir } from 'tmp-promise';
import type { LaunchSpec } from '../launch/implementation.js';
import { fileURLToPath } from 'node:url';
import { REFERENCE_PROXY_BIN } from '../launch/resolve-impl.js';
import type { BenchBlob } from './harness-client.js';
import { timeRawClient } from './raw-client.js';
import type { FuzzRate } from './fuzz-rate.js';
import { firstLine, type ProgressStep } from './progress.js';
import { FAULT_NAMES } from '../reference-proxy/faults.js';

const CLI_BIN = fileURLToPath(new URL('../../bin/proxy-conformance.js', import.meta.url));

export interface MutationWall {
  faults: number;
  killed: number;
  wallS: number;
}

/** `proxy-conformance mutation-score` over every fault, timed; exits non-zero only if the command could not run. */
export async function timeMutationScore(firstKill: boolean, step?: ProgressStep): Promise<MutationWall> {
  const started = performance.now();
  const child = execa(process.execPath, [CLI_BIN, 'mutation-score', ...(firstKill ? ['--first-kill'] : [])], { reject: false, timeout: 1_800_000 });
  // The command prints a line as each fault is scored: "killed    NAME  (…)" or "SURVIVED  NAME  (…)".
  let scored = 0;
  onLines(child.stdout, (line) => {
    const fault = /^(killed|SURVIVED|interrupted)\s+(\S+)\s+\(/.exec(line);
    if (fault !== null) step?.(`${++scored}/${FAULT_NAMES.length} faults scored; ${fault[2]} ${fault[1]}`);
  });
  const result = await child;
  const wallS = (performance.now() - started) / 1000;
  const score = /mutation score: (\d+)\/(\d+) faults killed/.exec(result.stdout);
  if (score === null) throw new Error(`mutation-score printed no score (exit ${result.exitCode}): ${result.stderr.slice(-500)}`);
  return { killed: Number(score[1]), faults: Number(score[2]), wallS };
}

/** The CLI's fuzz run as a whole: its session hosts are its children, so CPU is not split here as timeFuzz splits it. */
export type CliFuzzRate = Pick<FuzzRate, 'jobs' | 'seconds' | 'requests' | 'requestsPerS' | 'findings'>;

/** `proxy-conformance fuzz` against the reference proxy (conformance profile, seed 42), requests/s from its fuzz.json. */
export async function timeFuzzReferenceProxy(jobs: number, seconds: number, step?: ProgressStep): Promise<CliFuzzRate> {
  const temp = await makeTempDir({ prefix: 'proxy-conformance-bench-fuzz-', unsafeCleanup: true });
  try {
    const args = [CLI_BIN, 'fuzz', '--impl', REFERENCE_PROXY_BIN, '--profile', 'conformance', '--seed', '42', '--jobs', String(jobs), '--fuzz-time', `${seconds}s`, '--report-dir', temp.path];
    const child = execa(process.execPath, args, { timeout: (seconds + 120) * 1000 });
    // Its lines (its start once initialized, each finding) are its only events before its report.
    onLines(child.stdout, (line) => step?.(`fuzz said: ${firstLine(line)}`));
    await child;
    const record = JSON.parse(await readFile(path.join(temp.path, 'fuzz.json'), 'utf8')) as { requests: number; durationMs: number; findings: unknown[] };
    return { jobs, seconds, requests: record.requests, requestsPerS: record.requests / (record.durationMs / 1000), findings: record.findings.length };
  } finally {
    await temp.cleanup();
  }
}

/** The raw client's OpenImage+CloseImage loop on the reference proxy, as requests per second: what one session can carry at most. */
export async function rawRequestsPerS(spec: LaunchSpec, blob: BenchBlob, pairs: number): Promise<number> {
  const timings = await timeRawClient(spec, blob, pairs, 1);
  return 2e6 / timings.pairMedianUs;
}

/** Calls `each` with every line a child writes, as it writes it (the child's own buffering goes on). */
function onLines(stream: Readable | null, each: (line: string) => void): void {
  if (stream === null) return;
  let partial = '';
  stream.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) each(line);
  });
}
