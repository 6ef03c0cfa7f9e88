// `proxy-conformance fuzz`: property-based method sequences and request fuzzing against one
// implementation. Every finding is shrunk, printed with its replay flags and written as a scenario
// file under the run's report dir.
import path from 'node:path';
import { Option, type Command } from 'commander';
import { FUZZ_DEFAULTS, resolveConfig } from '../../config.js';
import { HarnessError } from '../../errors.js';
import { MAX_SEED, validatePath, validateProfile, validateSeed } from '../../fuzz/replay-path.js';
import { runFuzz } from '../../fuzz/run-fuzz.js';
import { DEFAULT_HANG_MS } from '../../config.js';
import { formatTargetFlags, resolveTarget, withLaunchSpec } from '../../launch/resolve-target.js';
import { withHostsIfReferenceProxy } from '../../launch/session-hosts.js';
import type { Profile } from '../../sequences/model.js';
import { runReportingErrors } from '../command-errors.js';
import { cwdOf, makeSubcommand, type CommandIo } from '../command-io.js';
import { addCoverageOptions, coverageSettingsOf, type CoverageFlags } from '../options/coverage-options.js';
import { withCoverage } from '../../coverage/run-coverage.js';
import { mergedOptions } from '../options/merged-options.js';
import { addOptions } from '../options/option-table.js';
import { asParser, validateDuration, validatePositiveInt } from '../options/validate.js';
import { addTargetOptions, targetOf, type TargetFlags } from './target-options.js';
import { readConfigOption } from '../options/config-file.js';
import { mergeOptions } from '../options/run-options.js';
import { ConsoleReporter } from '../../report/console.js';
import { FuzzConsole } from '../../report/fuzz-console.js';
import { validateWritableDir } from '../../files/validate-output.js';

interface FuzzFlags extends TargetFlags, CoverageFlags {
  config?: string;
  quiet?: boolean;
  color?: boolean;
  profile: Profile;
  seed?: number;
  path?: string;
  runs?: number;
  fuzzTime?: number;
  shrinkTime: number;
  timeout?: number;
  jobs?: number;
  sequencesPerSession?: number;
  reportDir?: string;
  failOnKnown?: boolean;
}

/** The `fuzz` subcommand. */
export function makeFuzzCommand(io: CommandIo): Command {
  const command = makeSubcommand('fuzz', io)
    .description('generate method sequences and malformed requests from a model of the proxy, shrink every failure to a scenario file')
    .addOption(new Option('--profile <name>', 'conformance: only what a correct client does; adversarial: every ordering and input').argParser(asParser(validateProfile)).default('conformance'))
    .option('--seed <n>', `fast-check seed of the first round, 0 to ${MAX_SEED} (default: random)`, asParser(validateSeed))
    .option('--path <path>', 'replay the counterexample at this fast-check path (printed with each failure; needs --seed)', asParser(validatePath))
    .option('--runs <n>', `most sequences to explore (default ${FUZZ_DEFAULTS.runs}, or unlimited with --fuzz-time)`, asParser((v) => validatePositiveInt('--runs', v)))
    .addOption(
      new Option('--fuzz-time <duration>', `wall-time budget for exploring and shrinking, e.g. 60s or 2m (default: ${FUZZ_DEFAULTS.fuzzMs / 1000}s, or unlimited with --runs)`).argParser(
        asParser((v) => validateDuration('--fuzz-time', v)),
      ),
    )
    .addOption(
      new Option('--shrink-time <duration>', 'most time spent shrinking one finding').argParser(asParser((v) => validateDuration('--shrink-time', v))).default(FUZZ_DEFAULTS.shrinkMs, '15s'),
    )
    .option(
      '--sequences-per-session <n>',
      `sequences one session (a process, or a session host's session) serves, each after the last passed and released what it left open; a failure is run again in a fresh session (default ${FUZZ_DEFAULTS.sequencesPerSession}; 1: a fresh session for each)`,
      asParser((v) => validatePositiveInt('--sequences-per-session', v)),
    );
  command.option('--fail-on-known', "also fail the run on a finding that reproduces a recorded deviation of the implementation's release (labelled either way)");
  addOptions(command, ['jobs', 'reportDir', 'quiet', 'color', 'config'], {
    quiet: 'print only the findings and the summary lines',
    color: 'accepted for every subcommand alike: fuzz prints no colour',
    config: 'read the implementation, --jobs, --timeout and --quiet from FILE (default: ./proxy-conformance.config.json when present); the command line wins',
    jobs: `sequences run at once, each with its own process (default ${FUZZ_DEFAULTS.jobs})`,
    reportDir: 'where fuzz.json and findings/*.json go (default: reports/fuzz-<time>-<profile>)',
  });
  addTargetOptions(command, `deadline for each reply and each EOF; anything slower is a hang (default: ${DEFAULT_HANG_MS})`);
  addCoverageOptions(command);
  return command.action((_options: unknown, self: Command) =>
    runReportingErrors('fuzz', io, async () => {
      const flags = mergedOptions<FuzzFlags>(self);
      if (flags.path !== undefined && flags.seed === undefined) throw new HarnessError('PC_USAGE', '--path needs the --seed printed with it');
      // A seed given before `fuzz` was read as a fixture seed: hold it to the fast-check range too.
      const seed = flags.seed !== undefined ? validateSeed(String(flags.seed)) : Math.floor(Math.random() * MAX_SEED);
      // The config file's settings that mean the same here, through the run's one merge: its one implementation, jobs, timeout, quiet.
      const cwd = cwdOf(io);
      const options = mergeOptions(readConfigOption(flags.config, cwd), { ...flags, run: [], skip: [], baseline: [] }, cwd);
      if (options.targets.length > 1) throw new HarnessError('PC_USAGE', `fuzz tests one implementation: ${options.configFile ?? 'the config file'} names ${options.targets.length}; choose one with --impl`);
      const target = flags.impl !== undefined && flags.impl.length > 0 ? targetOf(flags) : (options.targets[0] ?? targetOf(flags));
      const coverage = coverageSettingsOf(flags, cwd);
      const hangMs = options.timeout ?? DEFAULT_HANG_MS;
      const console = new ConsoleReporter(io.out, { quiet: options.quiet === true, ...(options.color === false ? { color: false } : {}) });
      const settings = {
        profile: flags.profile,
        seed,
        ...(flags.path !== undefined ? { path: flags.path } : {}),
        timeMs: flags.fuzzTime ?? (flags.runs === undefined ? FUZZ_DEFAULTS.fuzzMs : Number.POSITIVE_INFINITY),
        runs: flags.runs ?? (flags.fuzzTime !== undefined ? Number.POSITIVE_INFINITY : FUZZ_DEFAULTS.runs),
        shrinkMs: flags.shrinkTime,
        hangMs,
        jobs: options.jobs ?? FUZZ_DEFAULTS.jobs,
        sequencesPerSession: flags.sequencesPerSession ?? FUZZ_DEFAULTS.sequencesPerSession,
        reportDir: flags.reportDir ?? path.join(resolveConfig().reportsRoot, `fuzz-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}-${flags.profile}`),
        ...(flags.failOnKnown ? { failOnKnown: true } : {}),
        command: ['proxy-conformance fuzz', formatTargetFlags(target), options.timeout !== undefined ? `--timeout ${options.timeout}` : ''].filter(Boolean).join(' '),
      };
      // Where the findings go is checked before exploring, not found unwritable after it.
      await validateWritableDir(settings.reportDir, flags.reportDir !== undefined ? '--report-dir' : 'the reports folder');
      // Against the reference proxy, sequences run in session hosts (one per job); the host stands in for its exit code.
      const hosting = { hosts: settings.jobs, emulates: ['exit'] as const };
      const resolved = resolveTarget(target, { withoutSkopeo: 'refuse' });
      return withLaunchSpec(resolved, (launch) =>
        withCoverage(coverage, resolved.label, (line) => console.line(line), (covered) =>
          withHostsIfReferenceProxy(launch, hosting, (hosts) => runFuzz(settings, launch, { ...covered, hosts }, new FuzzConsole(console), io.signal)),
        ),
      );
    }),
  );
}
