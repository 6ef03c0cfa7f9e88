// One `fuzz` run: explore sequences against one implementation, shrink every failure, write each
// finding as a scenario file and the run's figures as fuzz.json, tell a reporter what happened
// (fuzz-events.ts), and return the exit code (exitCodeFor, as every run's).
import { setMaxListeners } from 'node:events';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { runPreflight } from '../run/preflight.js';
import { resolveConfig } from '../config.js';
import type { LaunchSpec } from '../launch/implementation.js';
import { processPerSession, type LaunchResources } from '../launch/session-processes.js';
import { WarmPool } from '../launch/warm-pool.js';
import { SessionHosts } from '../launch/session-hosts.js';
import { HarnessError } from '../errors.js';
import { loadSuiteImages } from '../images/suite-images.js';
import { makeImageFacts } from '../sequences/images.js';
import type { Profile } from '../sequences/model.js';
import { readVersionString } from '../launch/version-string.js';
import { loadSpecs } from '../specs/index.js';
import { exitCodeFor } from '../verdicts/exit-codes.js';
import { loadKnownOutcomes, type KnownDeviation } from '../verdicts/known-deviations.js';
import { exploreInParallel } from './explore.js';
import type { Finding } from './explore.js';
import type { FuzzEvents } from './fuzz-events.js';
import { makeRunRecord, writeFinding } from './findings.js';
import { matchKnownFinding } from './known-findings.js';
import { makeFuzzConfig, makeReuseRecord, runSequence, runSequenceReusing, type ReuseRecord, type SequenceSession } from './run-sequence.js';
import { replaceJsonFile } from '../files/replace-file.js';
import type { CompiledSequence } from '../sequences/compile.js';
import { CounterDirs, requireCounters, runGuidedSequence } from './guided-run.js';
import { CoverageGuide } from './guided.js';

/** A fuzz run's settings, every default already applied. */
export interface FuzzSettings {
  profile: Profile;
  seed: number;
  /** Replay only the counterexample at this fast-check path. */
  path?: string;
  runs: number;
  timeMs: number;
  shrinkMs: number;
  /** The deadline for each reply and each EOF. */
  hangMs: number;
  jobs: number;
  /** Sequences one session (a process, or a session in a host) may serve; 1: a fresh one for each. */
  sequencesPerSession: number;
  reportDir: string;
  /** The command that reproduces this run, for the replay line printed with each finding. */
  command: string;
  /** A finding that reproduces a recorded deviation of the implementation's release fails the run too. */
  failOnKnown?: boolean;
  /**
   * Coverage-guided (a Go cover build): each sequence in a fresh process whose counters say which
   * blocks it reached. Not a `fuzz` option: measured against unguided (bench:guided), it did not
   * pay; the bench keeps the comparison repeatable.
   */
  guided?: boolean;
}

export async function runFuzz(settings: FuzzSettings, spec: LaunchSpec, resources: LaunchResources, events: FuzzEvents, signal: AbortSignal): Promise<number> {
  if (settings.guided === true && (resources.hosts !== undefined || SessionHosts.argvFor(spec) !== null)) {
    throw new HarnessError('PC_USAGE', 'guided fuzzing reads the coverage counters of a Go cover build, and the reference proxy is not a Go program');
  }
  if (settings.guided === true && settings.path !== undefined) throw new HarnessError('PC_USAGE', 'a guided run grows its sequences from its corpus: it cannot replay a path');
  const counterDirs = settings.guided === true ? await CounterDirs.open(resources) : null;
  // Every session of the run watches the run's signal, and each of its concurrent pipe reads does
  // too while it lasts: a sequence that left a dozen pipes open is no listener leak.
  const runSignal = AbortSignal.any([signal]);
  setMaxListeners(0, runSignal);
  try {
    return await fuzzFrom(settings, spec, resources, events, runSignal, counterDirs);
  } finally {
    await counterDirs?.close();
  }
}

async function fuzzFrom(settings: FuzzSettings, spec: LaunchSpec, resources: LaunchResources, events: FuzzEvents, signal: AbortSignal, counterDirs: CounterDirs | null): Promise<number> {
  const jobs = settings.path !== undefined ? 1 : settings.jobs;
  const images = await loadSuiteImages();
  const config = makeFuzzConfig(settings.hangMs);
  // A guided run's preflight process gets a GOCOVERDIR too: the counters it leaves say whether guidance can work at all.
  let preflightDir: string | undefined;
  const preflightResources = counterDirs === null ? resources : { ...resources, ...counterDirs.resourcesFor((dir) => (preflightDir = dir)) };
  const preflight = await runPreflight(spec, resolveConfig(), signal, preflightResources);
  if (!preflight.ok) {
    const interrupted = preflight.interrupted === true || signal.aborted;
    events.notStarted(interrupted ? { interrupted } : { interrupted, message: preflight.message });
    // As in a server run, an implementation that cannot be initialized fails what would have run.
    return exitCodeFor([{ cases: [{ id: 'initialize', level: 'MUST', verdict: { status: 'fail' } }], baseline: null }], { interrupted });
  }
  const session: SequenceSession = { spec, images, config, protocolVersion: preflight.protocolVersion, signal, processes: processPerSession(resources) };
  if (counterDirs !== null) {
    requireCounters(preflightDir, spec.executable);
    if (preflightDir !== undefined) counterDirs.release(preflightDir);
    const started = performance.now();
    const guide = new CoverageGuide(() => performance.now() - started, (point) => events.coverage?.(point));
    return fuzzWith(session, session, settings, events, { sequencesPerSession: 1, record: makeReuseRecord(), guided: { guide, dirs: counterDirs } });
  }
  // Each session (a process, or a session in a host) serves sequences until one fails or ends it,
  // or it has served its share; one process per job is started ahead, unless hosts serve the
  // sessions. The confirming run of a finding stays one at a time in a fresh session.
  const sequencesPerSession = settings.path !== undefined ? 1 : settings.sequencesPerSession;
  const pool = new WarmPool(spec, resources, signal, resources.hosts !== undefined ? 0 : jobs, config.timeouts, sequencesPerSession);
  try {
    return await fuzzWith({ ...session, processes: pool }, session, settings, events, { sequencesPerSession, record: makeReuseRecord() });
  } finally {
    await pool.close();
  }
}

/** How a run's sessions served its sequences. */
interface SessionUse {
  sequencesPerSession: number;
  record: ReuseRecord;
  /** A guided run: each sequence in a fresh process with its own counters, and the guide they feed. */
  guided?: { guide: CoverageGuide; dirs: CounterDirs };
}

/** Explores (or replays) with `session`, confirms each finding with `confirmSession`, writes the report. */
async function fuzzWith(session: SequenceSession, confirmSession: SequenceSession, settings: FuzzSettings, events: FuzzEvents, use: SessionUse): Promise<number> {
  const { profile, seed, hangMs, reportDir } = settings;
  const { spec, images, protocolVersion, signal } = session;
  const replaying = settings.path !== undefined;
  const jobs = replaying ? 1 : settings.jobs;
  const { guided } = use;
  events.started({
    implementation: [spec.executable, ...spec.args].join(' '),
    protocolVersion,
    profile,
    seed,
    ...(replaying ? { path: settings.path as string } : {}),
    jobs,
    runs: settings.runs,
    timeMs: settings.timeMs,
    hangMs,
    shrinkMs: settings.shrinkMs,
    ...(guided !== undefined ? { guided: true } : {}),
  });
  const files: string[] = [];
  const pending: Array<Promise<void>> = [];
  const knownOutcomes = loadKnownOutcomes(await readVersionString(spec.executable, signal));
  const deviations = loadSpecs().deviations;
  const knownOf = new Map<Finding, KnownDeviation>();
  const runGuided = async (sequence: CompiledSequence) => {
    use.record.freshSessions += 1;
    return runGuidedSequence(session, sequence, (guided as NonNullable<typeof guided>).dirs);
  };
  const summary = await exploreInParallel(
    {
      world: { profile, version: protocolVersion, facts: makeImageFacts(images) },
      run: (sequence) => (guided === undefined ? runSequenceReusing(session, sequence, use.record) : runGuided(sequence)),
      ...(guided !== undefined ? { guide: guided.guide } : {}),
      confirm: (sequence) => runSequence({ ...confirmSession, config: makeFuzzConfig(hangMs * 3) }, sequence),
      seed,
      runs: replaying ? 1 : settings.runs,
      timeMs: replaying ? Number.POSITIVE_INFINITY : settings.timeMs,
      shrinkMs: settings.shrinkMs,
      ...(replaying ? { path: settings.path as string } : {}),
      signal,
      onFinding: (finding) => {
        const known = matchKnownFinding(finding.signature, knownOutcomes, deviations);
        if (known !== null) knownOf.set(finding, known);
        const index = pending.length + 1;
        pending.push(
          writeFinding(reportDir, finding, index).then((file) => {
            files[index - 1] = file;
            events.finding(finding, file, known === null ? null : { deviation: known, gating: settings.failOnKnown === true }, settings.command);
          }),
        );
      },
    },
    jobs,
  );
  await Promise.all(pending);
  await mkdir(reportDir, { recursive: true });
  const record = makeRunRecord(summary, files, {
    implementation: [spec.executable, ...spec.args].join(' '),
    protocolVersion,
    profile,
    seed,
    hangMs,
    ...(replaying ? { path: settings.path } : {}),
    sessions: { sequencesPerSession: use.sequencesPerSession, ...use.record },
    ...(guided !== undefined ? { guided: guided.guide.toRecord() } : {}),
  });
  const findings = record.findings as Array<Record<string, unknown>>;
  summary.findings.forEach((f, i) => {
    const known = knownOf.get(f);
    if (known !== undefined && findings[i] !== undefined) findings[i].knownDeviation = known;
  });
  await replaceJsonFile(path.join(reportDir, 'fuzz.json'), record);
  const knownCount = summary.findings.filter((f) => f.reproduced && knownOf.has(f)).length;
  const notReproduced = replaying && summary.stoppedBy !== 'interrupted' && !summary.findings.some((f) => f.reproduced);
  events.finished({
    summary,
    known: { count: knownCount, release: knownOutcomes?.release ?? '', gating: settings.failOnKnown === true },
    sessions: { sequencesPerSession: use.sequencesPerSession, record: use.record },
    reportFile: path.join(reportDir, 'fuzz.json'),
    notReproduced,
    ...(guided !== undefined ? { guided: guided.guide.corpus.pointAt(summary.durationMs) } : {}),
  });
  // As every run: an interrupt first, then a harness error, then a failure; a finding fails the run
  // once reproduced, unless it is a recorded deviation and --fail-on-known was not given.
  const judged = summary.findings.filter((f) => f.result.verdict.status === 'harness-error' || (f.reproduced && (settings.failOnKnown === true || !knownOf.has(f))));
  return exitCodeFor([{ cases: judged.map((f) => f.result), baseline: null }], { interrupted: summary.stoppedBy === 'interrupted', failOn: 'INFO' });
}
