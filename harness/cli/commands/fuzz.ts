// `proxy-conformance fuzz`: property-based method sequences and request fuzzing against one
// implementation. Every finding is shrunk, printed with its replay flags and written as a scenario
// file under the run's report dir.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, Option } from 'commander';
import { runPreflight } from '../cases/preflight.js';
import { loadSuiteImages } from '../model/suite-images.js';
import { EXIT } from '../verdicts/exit-codes.js';
import { resolveConfig } from '../config.js';
import { isHarnessError } from '../errors.js';
import type { ConsoleOut } from '../report/console.js';
import { makeImageFacts } from '../sequences/images.js';
import type { Profile } from '../sequences/model.js';
import { exploreInParallel } from './explore.js';
import { formatExploreSummary, formatFinding, makeRunRecord, writeFinding } from './findings.js';
import { implFlags, withLaunchSpec, type ImplOptions } from './launch-spec.js';
import { addImplOptions, mergedOptions, parseDuration, parsePath, parsePositiveInt, parseProfile, parseSeed } from './options.js';
import { MAX_SEED, validateSeed } from './replay-path.js';
import { DEFAULT_HANG_MS, makeFuzzConfig, runSequence, type SequenceSession } from './run-sequence.js';

export interface PropertyCommandIo {
  out: ConsoleOut;
  err: ConsoleOut;
  signal: AbortSignal;
  setExitCode(code: number): void;
}

export interface FuzzOptions extends ImplOptions {
  profile: Profile;
  seed?: number;
  path?: string;
  runs?: number;
  fuzzTime: number;
  shrinkTime: number;
  timeout?: number;
  jobs?: number;
  reportDir?: string;
}

const DEFAULT_FUZZ_MS = 60_000;
const DEFAULT_SHRINK_MS = 15_000;
/** Without --fuzz-time, --runs alone bounds the run. */
const DEFAULT_RUNS = 1000;

/** The `fuzz` subcommand, to be added to the main program with `addCommand`. */
export function makeFuzzCommand(io: PropertyCommandIo): Command {
  const command = new Command('fuzz')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out.write(s.replace(/\n$/, '')), writeErr: (s) => io.err.write(s.replace(/\n$/, '')) })
    .description('generate method sequences and malformed requests from a model of the proxy, shrink every failure to a scenario file')
    .addOption(new Option('--profile <name>', 'conformance: only what a correct client does; adversarial: every ordering and input').argParser(parseProfile).default('conformance'))
    .option('--seed <n>', `fast-check seed of the first round, 0 to ${MAX_SEED} (default: random)`, parseSeed)
    .option('--path <path>', 'replay the counterexample at this fast-check path (printed with each failure; needs --seed)', parsePath)
    .option('--runs <n>', `most sequences to explore (default ${DEFAULT_RUNS}, or unlimited with --fuzz-time)`, parsePositiveInt)
    .addOption(new Option('--fuzz-time <duration>', 'wall-time budget for exploring and shrinking, e.g. 60s or 2m').argParser(parseDuration))
    .addOption(new Option('--shrink-time <duration>', 'most time spent shrinking one finding').argParser(parseDuration).default(DEFAULT_SHRINK_MS, '15s'))
    .option('--jobs <n>', 'sequences run at once, each with its own process (default 1)', parsePositiveInt)
    .option('--report-dir <dir>', 'where fuzz.json and findings/*.json go (default: reports/fuzz-<time>-<profile>)');
  addImplOptions(command);
  return command.action(async (_options: unknown, self: Command) => {
    const options = mergedOptions<FuzzOptions & { fuzzTime?: number }>(self);
    try {
      io.setExitCode(await runFuzz(options, io));
    } catch (error) {
      if (!isHarnessError(error)) throw error;
      io.err.write(`fuzz: ${error.message}`);
      io.setExitCode(error.code === 'PC_USAGE' || error.code.startsWith('PC_IMPL') || error.code === 'PC_NO_IMPLEMENTATION' ? EXIT.USAGE : EXIT.HARNESS_ERROR);
    }
  });
}

export async function runFuzz(options: FuzzOptions & { fuzzTime?: number }, io: PropertyCommandIo): Promise<number> {
  const replaying = options.path !== undefined;
  if (replaying && options.seed === undefined) {
    io.err.write('fuzz: --path needs the --seed printed with it');
    return EXIT.USAGE;
  }
  const seed = options.seed !== undefined ? validateSeed(String(options.seed)) : Math.floor(Math.random() * MAX_SEED);
  const timeMs = options.fuzzTime ?? (options.runs === undefined ? DEFAULT_FUZZ_MS : Number.POSITIVE_INFINITY);
  const runs = options.runs ?? (options.fuzzTime !== undefined ? Number.POSITIVE_INFINITY : DEFAULT_RUNS);
  const hangMs = options.timeout ?? DEFAULT_HANG_MS;
  const jobs = replaying ? 1 : (options.jobs ?? 1);
  const reportDir = options.reportDir ?? path.join('reports', `fuzz-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}-${options.profile}`);
  return withLaunchSpec(options, async (spec) => {
    const images = await loadSuiteImages();
    const config = makeFuzzConfig(hangMs);
    const preflight = await runPreflight(spec, resolveConfig(), io.signal);
    if (!preflight.ok) {
      io.out.write(`the implementation could not be initialized: ${preflight.message}`);
      return EXIT.FAILED;
    }
    const session: SequenceSession = { spec, images, config, protocolVersion: preflight.protocolVersion, signal: io.signal };
    const command = ['proxy-conformance fuzz', implFlags(options), options.timeout !== undefined ? `--timeout ${options.timeout}` : ''].filter(Boolean).join(' ');
    io.out.write(`implementation: ${[spec.executable, ...spec.args].join(' ')} (protocol ${preflight.protocolVersion})`);
    io.out.write(
      replaying
        ? `replaying --seed ${seed} --path "${options.path}" (profile ${options.profile})`
        : `profile ${options.profile}, seed ${seed}${jobs > 1 ? `, ${jobs} jobs` : ''}, ${Number.isFinite(runs) ? `up to ${runs} sequences` : 'no run limit'}` +
            `${Number.isFinite(timeMs) ? ` within ${timeMs / 1000} s` : ''}; hang deadline ${hangMs} ms, shrinking ≤ ${options.shrinkTime / 1000} s per finding`,
    );
    const files: string[] = [];
    const pending: Array<Promise<void>> = [];
    const summary = await exploreInParallel({
      world: { profile: options.profile, version: preflight.protocolVersion, facts: makeImageFacts(images) },
      run: (sequence) => runSequence(session, sequence),
      confirm: (sequence) => runSequence({ ...session, config: makeFuzzConfig(hangMs * 3) }, sequence),
      seed,
      runs: replaying ? 1 : runs,
      timeMs: replaying ? Number.POSITIVE_INFINITY : timeMs,
      shrinkMs: options.shrinkTime,
      ...(replaying ? { path: options.path as string } : {}),
      signal: io.signal,
      onFinding: (finding) => {
        const index = pending.length + 1;
        pending.push(
          writeFinding(reportDir, finding, index).then((file) => {
            files[index - 1] = file;
            io.out.write(formatFinding(finding, file, command));
          }),
        );
      },
    }, jobs);
    await Promise.all(pending);
    await mkdir(reportDir, { recursive: true });
    const record = makeRunRecord(summary, files, {
      implementation: [spec.executable, ...spec.args].join(' '),
      protocolVersion: preflight.protocolVersion,
      profile: options.profile,
      seed,
      hangMs,
      ...(replaying ? { path: options.path } : {}),
    });
    await writeFile(path.join(reportDir, 'fuzz.json'), `${JSON.stringify(record, null, 2)}\n`);
    io.out.write(formatExploreSummary(summary));
    io.out.write(`report: ${path.join(reportDir, 'fuzz.json')}`);
    if (summary.stoppedBy === 'interrupted') return EXIT.INTERRUPTED;
    if (summary.findings.some((f) => f.result.verdict.status === 'harness-error')) return EXIT.HARNESS_ERROR;
    if (replaying && !summary.findings.some((f) => f.reproduced)) io.out.write('the failure did not reproduce');
    return summary.findings.some((f) => f.reproduced) ? EXIT.FAILED : EXIT.OK;
  });
}
