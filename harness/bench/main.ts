// `npm run bench`: the harness beside a minimal raw client against skopeo, with the pipe ceiling, and
// the client mode's cost. Targets: harness round trip ≤ 1.1× the raw client's; blob throughput ≥ 1.0×
// the raw client's; a client-mode session ≤ 1.2× the same client on the reference proxy executable;
// against the reference proxy (session hosts): fuzzing ≥ 1000 requests/s, the full mutation score ≤ 150 s;
// against skopeo on PATH: fuzzing ≥ 2 000 requests/s with two jobs (and, for comparison, the same run
// against skopeo 1.22.0 from the build cache when it is there); the scripted suite ≤ 8 s wall with two jobs.
// While it measures, stderr says which measurement runs and what of it has completed (progress.ts).
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { execaSync } from 'execa';
import path from 'node:path';
import { dir as makeTempDir } from 'tmp-promise';
import type { LaunchSpec } from '../launch/implementation.js';
import { findOnPath, SKOPEO_INSTALL_HINT } from '../launch/resolve-impl.js';
import { makeSkopeoArgs, writePermissivePolicy } from '../launch/skopeo.js';
import { makeBenchImage } from './bench-image.js';
import { findSkopeoBuild } from '../launch/skopeo-builds.js';
import { timeClientMode } from './client-mode.js';
import type { FuzzRate } from './fuzz-rate.js';
import { timeFuzzApart } from './fuzz-apart.js';
import { timeHarnessClient, type ClientTimings } from './harness-client.js';
import { timePipeCeiling } from './pipe-ceiling.js';
import { timeRawClient } from './raw-client.js';
import { timeRegistryPath } from './registry-path.js';
import { median, mbPerSecond } from './stats.js';
import { timeSuite } from './suite-wall.js';
import { rawRequestsPerS, timeFuzzReferenceProxy, timeMutationScore, type MutationWall } from './reference-proxy-runs.js';
import { BenchProgress } from './progress.js';
import { makeLaunchSpec, referenceProxyTarget } from '../launch/resolve-target.js';
import { replaceJsonFile } from '../files/replace-file.js';

const PAIRS = 1000;
const BLOB_RUNS = 7;
/** Alternating rounds (raw, harness, harness, raw, …); each ratio is taken within a round pair. */
const ROUNDS = 6;
const BLOB_BYTES = 64 * 1024 * 1024;
const CLIENT_RUNS = 15;
const FUZZ_JOBS = 2;
const FUZZ_SECONDS = 30;
/** The same fuzz run with a fresh process for each sequence, for comparison: shorter, as no target rides on it. */
const FRESH_FUZZ_SECONDS = 15;
/** The steps `progress` numbers: the bench image, then each measurement. */
const MEASUREMENTS = 13;

async function main(): Promise<number> {
  const skopeo = findOnPath('skopeo');
  if (skopeo === null) {
    process.stderr.write(`bench: no skopeo on PATH: ${SKOPEO_INSTALL_HINT}\n`);
    return 2;
  }
  const progress = new BenchProgress(MEASUREMENTS);
  const temp = await makeTempDir({ prefix: 'proxy-conformance-bench-', unsafeCleanup: true });
  try {
    const blob = await progress.measure(`the bench image (one ${BLOB_BYTES / 1024 / 1024} MiB layer; set-up, not a measurement)`, () => makeBenchImage(temp.path, BLOB_BYTES));
    const skopeoArgs = makeSkopeoArgs(await writePermissivePolicy(temp.path), []);
    const spec: LaunchSpec = { executable: skopeo, args: skopeoArgs, socket: { kind: 'stdin' } };
    // Both clients on CPU 0 and skopeo on CPU 1, so neither client gains or loses by where the
    // scheduler happens to put the proxy's threads (unpinned, medians varied 2× between rounds).
    const pinned = pinning();
    const pinnedSpec: LaunchSpec = pinned ? { executable: pinned.taskset, args: ['-c', '1', skopeo, ...skopeoArgs], socket: { kind: 'stdin' } } : spec;
    // Paired, alternating rounds: each ratio compares the two clients measured back to back, and
    // the median ratio over rounds is reported, so drift on a shared machine cancels out.
    const raws: ClientTimings[] = [];
    const harnesses: ClientTimings[] = [];
    await progress.measure(
      `round trips (${PAIRS} OpenImage+CloseImage) and GetBlob ${BLOB_BYTES / 1024 / 1024} MiB ×${BLOB_RUNS}, harness and raw client, ${ROUNDS} paired rounds`,
      async (step) => {
        pinned?.pinSelf('0');
        try {
          for (let round = 0; round < ROUNDS; round++) {
            const raw = () => timeRawClient(pinnedSpec, blob, PAIRS, BLOB_RUNS, pinned ? ['-c', '0'] : undefined);
            const harness = () => timeHarnessClient(pinnedSpec, blob, PAIRS, BLOB_RUNS);
            if (round % 2 === 0) {
              raws.push(await raw());
              harnesses.push(await harness());
            } else {
              harnesses.push(await harness());
              raws.push(await raw());
            }
            const r = raws[round] as ClientTimings;
            const h = harnesses[round] as ClientTimings;
            step(`round ${round + 1}/${ROUNDS} done: pair ${h.pairMedianUs.toFixed(1)} µs (harness) vs ${r.pairMedianUs.toFixed(1)} µs (raw)`, true);
          }
        } finally {
          pinned?.pinSelf(pinned.allCpus);
        }
      },
    );
    const raw = medianOf(raws);
    const harness = medianOf(harnesses);
    const ceilingS = await progress.measure(`pipe ceiling: cat | cat of the same ${BLOB_BYTES / 1024 / 1024} MiB ×${BLOB_RUNS}`, (step) => timePipeCeiling(blob.file, BLOB_RUNS, step), (s) => `${mbPerSecond(blob.size, s).toFixed(0)} MB/s`);
    const suite = await progress.measure('scripted suite against skopeo, two jobs', (step) => timeSuite(spec, step), (s) => `${s.wallS.toFixed(1)} s wall`);
    const client = await progress.measure(`client mode: ${CLIENT_RUNS} fetches direct and through the harness, then the client suite`, (step) => timeClientMode(temp.path, CLIENT_RUNS, step), (c) => `${c.ratio.toFixed(2)}×, client suite ${c.suite.wallS.toFixed(1)} s`);
    const registry = await progress.measure('registry: start, fixture images in, registry group against skopeo', (step) => timeRegistryPath(skopeo, temp.path, step), (r) => `${r.startS.toFixed(1)} s + ${r.pushS.toFixed(1)} s + ${r.wallS.toFixed(1)} s`);
    const registryFailed = registry.counts.fail + registry.counts.hang + registry.counts.crash;
    const fuzzRate = (r: FuzzRate) => `${r.requestsPerS.toFixed(0)} req/s`;
    const skopeoFuzz = await progress.measure(`fuzz vs skopeo, ${FUZZ_SECONDS} s, reused processes`, (step) => timeFuzzApart({ spec, dir: temp.path, seconds: FUZZ_SECONDS }, step), fuzzRate);
    // The newest release's build, where .ci/build-skopeo made one: its figure beside 1.9.3's, no target of its own.
    const newest = newestBuild();
    const newestFuzz = await progress.measure(`fuzz vs skopeo ${NEWEST_RELEASE}, ${FUZZ_SECONDS} s, reused processes${newest === null ? ' (no build in the cache: skipped)' : ''}`, async (step) => (newest === null ? null : timeFuzzApart({ spec: { ...spec, executable: newest }, dir: temp.path, seconds: FUZZ_SECONDS }, step)), (r) => (r === null ? 'no build' : fuzzRate(r)));
    const skopeoFuzzFresh = await progress.measure(`fuzz vs skopeo, ${FRESH_FUZZ_SECONDS} s, a fresh process each`, (step) => timeFuzzApart({ spec, dir: temp.path, seconds: FRESH_FUZZ_SECONDS, jobs: FUZZ_JOBS, sequencesPerSession: 1 }, step), fuzzRate);
    const referenceProxy = await makeLaunchSpec(referenceProxyTarget(), temp.path);
    const rawOnReference = await progress.measure('raw client round trips on the reference proxy', () => rawRequestsPerS(referenceProxy, blob, PAIRS), (r) => `${r.toFixed(0)} req/s`);
    const fuzz = await progress.measure(`fuzz vs the reference proxy, ${FUZZ_SECONDS} s`, (step) => timeFuzzReferenceProxy(FUZZ_JOBS, FUZZ_SECONDS, step), (r) => `${r.requestsPerS.toFixed(0)} req/s`);
    const wall = (m: MutationWall) => `${m.killed}/${m.faults} killed, ${m.wallS.toFixed(1)} s`;
    const mutation = await progress.measure('mutation-score, every fault', (step) => timeMutationScore(false, step), wall);
    const mutationFirstKill = await progress.measure('mutation-score --first-kill, every fault', (step) => timeMutationScore(true, step), wall);

    const rawMBs = mbPerSecond(blob.size, raw.blobMedianS);
    const harnessMBs = mbPerSecond(blob.size, harness.blobMedianS);
    const rttRatio = median(raws.map((r, i) => (harnesses[i] as ClientTimings).pairMedianUs / r.pairMedianUs));
    const blobRatio = median(raws.map((r, i) => r.blobMedianS / (harnesses[i] as ClientTimings).blobMedianS));
    const failed = suite.counts.fail + suite.counts.hang + suite.counts.crash;
    const rows = [
      ['metric', 'harness (TS)', 'raw client (Python)', 'ratio', 'target', 'met'],
      [`OpenImage+CloseImage median (n=${PAIRS}, ratio: median of ${ROUNDS} paired rounds)`, `${harness.pairMedianUs.toFixed(1)} µs`, `${raw.pairMedianUs.toFixed(1)} µs`, `${rttRatio.toFixed(2)}×`, '≤ 1.10×', rttRatio <= 1.1 ? 'yes' : 'NO'],
      [`GetBlob 64 MiB + sha256 (median of ${BLOB_RUNS})`, `${harnessMBs.toFixed(0)} MB/s`, `${rawMBs.toFixed(0)} MB/s`, `${blobRatio.toFixed(2)}×`, '≥ 1.00×', blobRatio >= 1.0 ? 'yes' : 'NO'],
      ['pipe ceiling: cat | cat, same 64 MiB', `${mbPerSecond(blob.size, ceilingS).toFixed(0)} MB/s`, '', '', '', ''],
      [
        `scripted suite: ${suite.cases} cases, ${suite.jobs} jobs (${suite.counts.pass} pass, ${failed} non-pass, ${suite.counts['not-applicable']} n/a)`,
        `${suite.wallS.toFixed(1)} s wall`,
        '',
        '',
        '≤ 8 s',
        suite.wallS <= 8 ? 'yes' : 'NO',
      ],
      // The floor beside it: one client doing nothing but round trips on one process (a pair is two requests).
      ...skopeoFuzzRows(skopeoFuzz, `${(2e6 / raw.pairMedianUs).toFixed(0)} req/s`, true),
      ...(newestFuzz === null ? [] : skopeoFuzzRows(newestFuzz, '', false, `skopeo ${NEWEST_RELEASE}`)),
      ...skopeoFuzzRows(skopeoFuzzFresh, '', false),
      [
        `client mode, one fetch per session (median of ${client.runs}; raw column: the same client on bin/reference-proxy.js)`,
        `${client.servedMedianMs.toFixed(0)} ms`,
        `${client.directMedianMs.toFixed(0)} ms`,
        `${client.ratio.toFixed(2)}×`,
        '≤ 1.20×',
        client.ratio <= 1.2 ? 'yes' : 'NO',
      ],
      ['registry: start (docker-registry on loopback) + fixture images in (a copy of the first run\'s push)', `${registry.startS.toFixed(1)} s + ${registry.pushS.toFixed(1)} s`, '', '', '', ''],
      [
        `registry group: ${registry.cases} cases, ${registry.jobs} jobs, stalls included (${registry.counts.pass} pass, ${registryFailed} non-pass, ${registry.counts['not-applicable']} n/a)`,
        `${registry.wallS.toFixed(1)} s wall`,
        '',
        '',
        '≤ 30 s added',
        registry.startS + registry.pushS + registry.wallS <= 30 ? 'yes' : 'NO',
      ],
      [`client suite: ${client.suite.cases} cases against the reference client, ${client.suite.jobs} jobs (${client.suite.passed} pass)`, `${client.suite.wallS.toFixed(1)} s wall`, '', '', '≤ 60 s', client.suite.wallS <= 60 ? 'yes' : 'NO'],
      [
        `fuzz vs bin/reference-proxy.js: conformance, seed 42, ${fuzz.jobs} jobs, ${fuzz.seconds} s (${fuzz.findings} findings; raw column: one raw-client session's request rate, the floor)`,
        `${fuzz.requestsPerS.toFixed(0)} req/s`,
        `${rawOnReference.toFixed(0)} req/s`,
        `${(fuzz.requestsPerS / rawOnReference).toFixed(2)}×`,
        '≥ 1000 req/s',
        fuzz.requestsPerS >= 1000 ? 'yes' : 'NO',
      ],
      [`mutation-score, ${mutation.faults} faults (${mutation.killed} killed)`, `${mutation.wallS.toFixed(1)} s wall`, '', '', '≤ 150 s', mutation.wallS <= 150 ? 'yes' : 'NO'],
      [`mutation-score --first-kill, ${mutationFirstKill.faults} faults (${mutationFirstKill.killed} killed)`, `${mutationFirstKill.wallS.toFixed(1)} s wall`, '', '', '', ''],
    ];
    process.stdout.write(`implementation: ${skopeo}${pinned ? ' (clients pinned to CPU 0, skopeo to CPU 1)' : ''}\n${formatTable(rows)}\n`);
    const report = { skopeo, pinned: pinned !== null, date: new Date().toISOString(), pairs: PAIRS, blobRuns: BLOB_RUNS, rounds: ROUNDS, blobBytes: blob.size, harness, raw, raws, harnesses, ceilingS, rttRatio, blobRatio, suite, client, registry, skopeoFuzz, newestFuzz, skopeoFuzzFresh, fuzz, rawOnReference, mutation, mutationFirstKill };
    const out = path.resolve('reports', 'bench.json');
    await mkdir(path.dirname(out), { recursive: true });
    await replaceJsonFile(out, report);
    process.stdout.write(`written: ${path.relative(process.cwd(), out)}\n`);
    return 0;
  } finally {
    await temp.cleanup();
  }
}

/** CPU pinning with taskset, when the machine has it and at least two CPUs. */
function pinning(): { taskset: string; allCpus: string; pinSelf(cpus: string): void } | null {
  const taskset = findOnPath('taskset');
  if (taskset === null || availableParallelism() < 2) return null;
  return {
    taskset,
    allCpus: `0-${availableParallelism() - 1}`,
    pinSelf: (cpus) => void execaSync(taskset, ['-a', '-p', '-c', cpus, String(process.pid)]),
  };
}

/** The newest release .ci/build-skopeo builds, fuzzed beside skopeo on PATH. */
const NEWEST_RELEASE = '1.22.0';

function newestBuild(): string | null {
  try {
    const { skopeo } = findSkopeoBuild(NEWEST_RELEASE);
    return existsSync(skopeo) ? skopeo : null;
  } catch {
    return null;
  }
}

function medianOf(timings: readonly ClientTimings[]): ClientTimings {
  return { pairMedianUs: median(timings.map((t) => t.pairMedianUs)), blobMedianS: median(timings.map((t) => t.blobMedianS)) };
}

function formatTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`).join('\n');
}

process.exitCode = await main();

/**
 * A fuzz run against skopeo, and where its CPU went per sequence, which bounds the rate the
 * machine's cores allow. `gated`: the default run, which the target is about.
 */
function skopeoFuzzRows(rate: FuzzRate, floor: string, gated: boolean, against = 'skopeo'): string[][] {
  const processes = rate.sequencesPerSession === 1 ? 'a fresh process each' : `${rate.freshSessions} fresh processes, up to ${rate.sequencesPerSession} sequences each`;
  const perSequence = (rate.requests / Math.max(1, rate.sequences)).toFixed(1);
  return [
    [
      `fuzz vs ${against}: conformance profile, seed 42, ${rate.jobs} jobs, ${rate.seconds.toFixed(0)} s, ${processes} (${rate.sequences} sequences, ${rate.sequencesPerS.toFixed(1)}/s${floor !== '' ? "; raw column: the raw client's requests per second on one long session" : ''})`,
      `${rate.requestsPerS.toFixed(0)} req/s`,
      floor,
      '',
      gated ? '≥ 2 000 req/s' : '',
      gated ? (rate.requestsPerS >= 2000 ? 'yes' : 'NO') : '',
    ],
    [
      `  CPU per sequence: skopeo ${rate.cpuMsPerSequence.implementation.toFixed(1)} ms, harness ${rate.cpuMsPerSequence.harness.toFixed(1)} ms (${perSequence} requests); the rate at full use of ${availableParallelism()} cores (raw column: with a harness costing nothing)`,
      `${rate.ceilingRequestsPerS.withHarness.toFixed(0)} req/s`,
      `${rate.ceilingRequestsPerS.implementationAlone.toFixed(0)} req/s`,
      '',
      '',
      '',
    ],
  ];
}
