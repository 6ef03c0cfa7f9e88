// Coverage-guided fuzzing against unguided at the same wall budget and seeds, on a Go cover build of
// skopeo: blocks reached (all of the cover build's packages, read from the counters of every
// process; and proxy.go's statements, merged by `go tool covdata`), when each known kind of finding
// first came, and what a sequence cost. Three arms: unguided as `fuzz` runs by default (processes
// reused), unguided with a fresh process per sequence (what guidance pays for its counters), guided.
// Each arm's counters are also merged with one run of the suite's: what fuzzing adds to the suite.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readReachedBlocks } from '../coverage/counter-file.js';
import { DEFAULT_FILES_OF_INTEREST } from '../config.js';
import { withCoverage } from '../coverage/run-coverage.js';
import { countStatements, parseTextProfile } from '../coverage/profile.js';
import type { CoverageRecord } from '../coverage/record.js';
import { DEFAULT_HANG_MS, FUZZ_DEFAULTS } from '../config.js';
import { matchKnownFinding } from '../fuzz/known-findings.js';
import { runFuzz, type FuzzSettings } from '../fuzz/run-fuzz.js';
import { SILENT_FUZZ_EVENTS } from '../fuzz/fuzz-events.js';
import type { LaunchSpec } from '../launch/implementation.js';
import { readVersionString } from '../launch/version-string.js';
import type { Profile } from '../sequences/model.js';
import { loadSpecs } from '../specs/index.js';
import { loadKnownOutcomes } from '../verdicts/known-deviations.js';
import { cpuSeconds } from './fuzz-rate.js';

export const ARMS = ['unguided', 'unguided-fresh', 'guided'] as const;
export type Arm = (typeof ARMS)[number];

export interface ArmRun {
  arm: Arm;
  seed: number;
  seconds: number;
  sequences: number;
  /** Blocks of the cover build's packages any process of the run reached (processes that left counters). */
  blocks: number;
  /** proxy.go's statements covered, of all, merged by go tool covdata. */
  proxyGo: { covered: number; statements: number } | null;
  /** Processes that left counters, of those launched. */
  processes: { launched: number; withCounters: number };
  /** Each kind of finding the run confirmed, with when it first came (ms from the start): a recorded deviation by its id, any other by its signature. */
  firsts: Record<string, number>;
  /** Of those, the kinds that are recorded deviations of the release. */
  known: string[];
  msPerSequence: number;
  cpuMsPerSequence: { harness: number; implementation: number };
  /** Guided: blocks over time, one point per round; seeds kept. */
  guided?: { timeline: Array<{ atMs: number; blocks: number }>; seeds: number };
  /** The run's counters merged with one suite run's (the suite + this arm): blocks and proxy.go statements. */
  withSuite?: { blocks: number; proxyGo: { covered: number; statements: number } | null };
}

/** One covered suite run's counters, which each arm's are merged with. */
export interface SuiteCounters {
  /** Its text profile (go tool covdata textfmt). */
  profile: string;
  /** Its counters directory (each process's counter files). */
  countersDir: string;
}

export interface GuidedBenchSettings {
  coverBuild: string;
  go: string;
  spec: LaunchSpec;
  profile: Profile;
  seconds: number;
  dir: string;
}

interface FuzzJson {
  sequences: number;
  durationMs: number;
  findings: Array<{ signature: string; foundAfterMs: number; reproduced: boolean }>;
  guided?: { timeline: Array<{ atMs: number; blocks: number }>; seeds: unknown[] };
}

/**
 * proxy.go's statements and the blocks reached, of two runs together: their text profiles summed
 * block by block (exact for the file), their counter files' reached blocks joined.
 */
export async function mergeRuns(a: SuiteCounters, b: SuiteCounters): Promise<NonNullable<ArmRun['withSuite']>> {
  const blocks = parseTextProfile(`${await readFile(a.profile, 'utf8')}\n${await readFile(b.profile, 'utf8')}`);
  const proxy = [...blocks].find(([file]) => file.endsWith(DEFAULT_FILES_OF_INTEREST))?.[1];
  const reached = new Set([...(readReachedBlocks(a.countersDir) ?? []), ...(readReachedBlocks(b.countersDir) ?? [])]);
  return { blocks: reached.size, proxyGo: proxy === undefined ? null : countStatements(proxy) };
}

/** One arm, one seed: a fuzz run with --coverage, and its figures (merged with `suite`'s too, when given). */
export async function runArm(settings: GuidedBenchSettings, arm: Arm, seed: number, suite?: SuiteCounters): Promise<ArmRun> {
  const runDir = path.join(settings.dir, `${arm}-seed${seed}`);
  const label = 'skopeo-cover';
  const fuzzSettings: FuzzSettings = {
    profile: settings.profile,
    seed,
    runs: Number.POSITIVE_INFINITY,
    timeMs: settings.seconds * 1000,
    shrinkMs: FUZZ_DEFAULTS.shrinkMs,
    hangMs: DEFAULT_HANG_MS,
    jobs: 1,
    sequencesPerSession: arm === 'unguided' ? FUZZ_DEFAULTS.sequencesPerSession : 1,
    reportDir: path.join(runDir, 'report'),
    command: 'bench',
    ...(arm === 'guided' ? { guided: true } : {}),
  };
  const coverage = { dir: path.join(runDir, 'coverage'), filesOfInterest: DEFAULT_FILES_OF_INTEREST, go: settings.go };
  const before = cpuSeconds();
  await withCoverage(coverage, label, () => {}, (resources) => runFuzz(fuzzSettings, settings.spec, resources, SILENT_FUZZ_EVENTS, new AbortController().signal));
  const after = cpuSeconds();
  const record = JSON.parse(await readFile(path.join(fuzzSettings.reportDir, 'fuzz.json'), 'utf8')) as FuzzJson;
  const cov = JSON.parse(await readFile(path.join(coverage.dir, label, 'coverage.json'), 'utf8')) as CoverageRecord;
  const proxy = cov.files?.find((f) => f.file.endsWith(DEFAULT_FILES_OF_INTEREST));
  const knownOutcomes = loadKnownOutcomes(await readVersionString(settings.coverBuild, new AbortController().signal));
  const deviations = loadSpecs().deviations;
  const firsts: Record<string, number> = {};
  const known = new Set<string>();
  for (const f of record.findings.filter((x) => x.reproduced)) {
    const match = matchKnownFinding(f.signature, knownOutcomes, deviations);
    const kind = match?.id ?? f.signature.slice(0, 100);
    if (match !== null) known.add(kind);
    firsts[kind] = Math.min(firsts[kind] ?? Number.POSITIVE_INFINITY, f.foundAfterMs);
  }
  const per = (cpuS: number) => (cpuS * 1000) / Math.max(1, record.sequences);
  return {
    arm,
    seed,
    seconds: record.durationMs / 1000,
    sequences: record.sequences,
    blocks: readReachedBlocks(cov.dir)?.size ?? 0,
    proxyGo: proxy === undefined ? null : { covered: proxy.covered, statements: proxy.statements },
    processes: { launched: cov.processes.launched, withCounters: cov.processes.withCounters },
    firsts,
    known: [...known],
    msPerSequence: record.durationMs / Math.max(1, record.sequences),
    cpuMsPerSequence: { harness: per(after.self - before.self), implementation: per(after.children - before.children) },
    ...(record.guided !== undefined ? { guided: { timeline: record.guided.timeline.map((p) => ({ atMs: p.atMs, blocks: p.blocks })), seeds: record.guided.seeds.length } } : {}),
    ...(suite !== undefined && cov.profile !== undefined ? { withSuite: await mergeRuns(suite, { profile: cov.profile, countersDir: cov.dir }) } : {}),
  };
}
