// One `fuzz` run: explore sequences against one implementation, shrink every failure, write each
// finding as a scenario file and the run's figures as fuzz.json, and return the exit code.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { runPreflight } from '../run/preflight.js';
import { resolveConfig } from '../config.js';
import type { LaunchSpec } from '../launch/implementation.js';
import { processPerSession, type LaunchResources } from '../launch/session-processes.js';
import { WarmPool } from '../launch/warm-pool.js';
import { loadSuiteImages } from '../images/suite-images.js';
import type { ConsoleOut } from '../report/console.js';
import { makeImageFacts } from '../sequences/images.js';
import type { Profile } from '../sequences/model.js';
import { readVersionString } from '../launch/version-string.js';
import { loadSpecs } from '../specs/index.js';
import { EXIT } from '../verdicts/exit-codes.js';
import { loadKnownOutcomes, type KnownDeviation } from '../verdicts/known-deviations.js';
import { exploreInParallel } from './explore.js';
import type { Finding } from './explore.js';
import { formatExploreSummary, formatFinding, makeRunRecord, writeFinding } from './findings.js';
import { matchKnownFinding } from './known-findings.js';
import { makeFuzzConfig, makeReuseRecord, runSequence, runSequenceReusing, type ReuseRecord, type SequenceSession } from './run-sequence.js';
import { replaceJsonFile } from '../files/replace-file.js';

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
}

export async function runFuzz(settings: FuzzSettings, spec: LaunchSpec, resources: LaunchResources, out: ConsoleOut, signal: AbortSignal): Promise<number> {
  const jobs = settings.path !== undefined ? 1 : settings.jobs;
  const images = await loadSuiteImages();
  const config = makeFuzzConfig(settings.hangMs);
  const preflight = await runPreflight(spec, resolveConfig(), signal, resources);
  if (!preflight.ok) {
    if (preflight.interrupted || signal.aborted) {
      out.write('interrupted while starting the implementation: no sequence was run');
      return EXIT.INTERRUPTED;
    }
    out.write(`the implementation could not be initialized: ${preflight.message}`);
    return EXIT.FAILED;
  }
  const session: SequenceSession = { spec, images, config, protocolVersion: preflight.protocolVersion, signal, processes: processPerSession(resources) };
  // Each session (a process, or a session in a host) serves sequences until one fails or ends it,
  // or it has served its share; one process per job is started ahead, unless hosts serve the
  // sessions. The confirming run of a finding stays one at a time in a fresh session.
  const sequencesPerSession = settings.path !== undefined ? 1 : settings.sequencesPerSession;
  const pool = new WarmPool(spec, resources, signal, resources.hosts !== undefined ? 0 : jobs, config.timeouts, sequencesPerSession);
  try {
    return await fuzzWith({ ...session, processes: pool }, session, settings, out, { sequencesPerSession, record: makeReuseRecord() });
  } finally {
    await pool.close();
  }
}

/** How a run's sessions served its sequences. */
interface SessionUse {
  sequencesPerSession: number;
  record: ReuseRecord;
}

/** Explores (or replays) with `session`, confirms each finding with `confirmSession`, writes the report. */
async function fuzzWith(session: SequenceSession, confirmSession: SequenceSession, settings: FuzzSettings, out: ConsoleOut, use: SessionUse): Promise<number> {
  const { profile, seed, hangMs, reportDir } = settings;
  const { spec, images, protocolVersion, signal } = session;
  const replaying = settings.path !== undefined;
  const jobs = replaying ? 1 : settings.jobs;
  out.write(`implementation: ${[spec.executable, ...spec.args].join(' ')} (protocol ${protocolVersion})`);
  out.write(
    replaying
      ? `replaying --seed ${seed} --path "${settings.path}" (profile ${profile})`
      : `profile ${profile}, seed ${seed}${jobs > 1 ? `, ${jobs} jobs` : ''}, ${Number.isFinite(settings.runs) ? `up to ${settings.runs} sequences` : 'no run limit'}` +
          `${Number.isFinite(settings.timeMs) ? ` within ${settings.timeMs / 1000} s` : ''}; hang deadline ${hangMs} ms, shrinking ≤ ${settings.shrinkMs / 1000} s per finding`,
  );
  const files: string[] = [];
  const pending: Array<Promise<void>> = [];
  const knownOutcomes = loadKnownOutcomes(await readVersionString(spec.executable, signal));
  const deviations = loadSpecs().deviations;
  const knownOf = new Map<Finding, KnownDeviation>();
  const summary = await exploreInParallel(
    {
      world: { profile, version: protocolVersion, facts: makeImageFacts(images) },
      run: (sequence) => runSequenceReusing(session, sequence, use.record),
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
            const label = known === null ? '' : `\n      known ${known.release} deviation ${known.id}: ${known.reason}${settings.failOnKnown ? '' : ' (does not fail the run; --fail-on-known makes it)'}`;
            out.write(`${formatFinding(finding, file, settings.command)}${label}`);
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
  });
  const findings = record.findings as Array<Record<string, unknown>>;
  summary.findings.forEach((f, i) => {
    const known = knownOf.get(f);
    if (known !== undefined && findings[i] !== undefined) findings[i].knownDeviation = known;
  });
  await replaceJsonFile(path.join(reportDir, 'fuzz.json'), record);
  const knownCount = summary.findings.filter((f) => f.reproduced && knownOf.has(f)).length;
  out.write(`${formatExploreSummary(summary)}${knownCount > 0 ? `; ${knownCount} of them known ${knownOutcomes?.release ?? ''} deviations${settings.failOnKnown ? '' : ' (not gating)'}` : ''}`);
  out.write(formatSessionUse(use, summary.sequences));
  out.write(`report: ${path.join(reportDir, 'fuzz.json')}`);
  if (summary.stoppedBy === 'interrupted') return EXIT.INTERRUPTED;
  if (summary.findings.some((f) => f.result.verdict.status === 'harness-error')) return EXIT.HARNESS_ERROR;
  if (replaying && !summary.findings.some((f) => f.reproduced)) out.write('the failure did not reproduce');
  const gating = summary.findings.filter((f) => f.reproduced && (settings.failOnKnown === true || !knownOf.has(f)));
  return gating.length > 0 ? EXIT.FAILED : EXIT.OK;
}

/** One line: how many fresh sessions served the sequences, and any failure only a reused session showed. */
function formatSessionUse({ sequencesPerSession, record }: SessionUse, sequences: number): string {
  const only = record.notReproducedFresh.length;
  const resets = record.resetFailures.length;
  return (
    `sessions: ${record.freshSessions} fresh for ${sequences} sequences (up to ${sequencesPerSession} each), ${record.reusedSessions} sequences in a reused one` +
    (only > 0 ? `; ${only} failure(s) in a reused session that a fresh one did not repeat (fuzz.json: sessions.notReproducedFresh)` : '') +
    (resets > 0 ? `; ${resets} release(s) after a passing sequence went wrong (fuzz.json: sessions.resetFailures)` : '')
  );
}
