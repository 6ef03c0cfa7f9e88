// The command line: options checked where they enter, one sentence and exit 2 when wrong.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { EXIT } from '../verdicts/exit-codes.js';
import { collectFormat } from './format-option.js';
import { runConformance, type RunOptions, type Target } from './run-command.js';
import { parseLevel, parseShard, expandPatternArgs } from '../cases/select.js';
import { REPORT_FORMATS, type ReportFormat } from '../report/reporters.js';
import { makeListCommand } from './list-command.js';
import { makeDiffCommand } from './diff-command.js';
import { makeMergeCommand } from './merge-command.js';
import { mergeConfig, readConfigOption } from './config-file.js';
import type { ConsoleOut } from '../report/console.js';
import { makeFixturesCommand } from '../fixtures/index.js';
import { makeMutationScoreCommand } from '../mutation/command.js';
import { makeReferenceProxyCommand } from './reference-proxy-command.js';
import { makeFuzzCommand, makeReplayCommand } from '../fuzz/index.js';

const EXIT_CODES_HELP = `
Exit codes:
  ${EXIT.OK}    every check passed (or does not apply to the implementation's protocol version)
  ${EXIT.FAILED}    a check failed, hung, or crashed the implementation
  ${EXIT.USAGE}    bad command line (for example a missing or non-executable --impl)
  ${EXIT.HARNESS_ERROR}    the harness could not do its job (fixtures, native addon)
  ${EXIT.STALE_BASELINE}    with --baseline: a recorded failure now passes (the record is stale)
  ${EXIT.UNKNOWN_BASELINE_ID}    with --baseline: the baseline names a case id the suite does not have
  With --baseline, exit ${EXIT.FAILED} means an outcome differs from its record (a regression).
  ${EXIT.INTERRUPTED}  interrupted (Ctrl-C); every process and temp dir was cleaned up`;

function parseNonNegativeInt(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} takes a whole number, not "${value}"`);
    return Number(value);
  };
}

function parsePositiveInt(name: string) {
  return (value: string): number => {
    const n = parseNonNegativeInt(name)(value);
    if (n === 0) throw new InvalidArgumentError(`${name} must be at least 1`);
    return n;
  };
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

interface CliRunOptions {
  impl: string[];
  implArg: string[];
  sockfd?: number;
  timeout?: number;
  hangTimeout?: number;
  seed?: number;
  jobs?: number;
  run: string[];
  skip: string[];
  level?: string;
  shard?: string;
  baseline: string[];
  updateBaseline?: boolean;
  reportDir?: string;
  report: boolean;
  format?: ReportFormat[];
  quiet?: boolean;
  color: boolean;
  config?: string;
}

/** The command line over the config file: one target per implementation, baselines paired in order. */
function toRunOptions(o: CliRunOptions): RunOptions {
  const merged = mergeConfig(readConfigOption(o.config, process.cwd()), {
    impl: o.impl,
    implArg: o.implArg,
    baseline: o.baseline,
    run: o.run,
    skip: o.skip,
    ...(o.sockfd !== undefined ? { sockfd: o.sockfd } : {}),
    ...(o.level !== undefined ? { level: parseLevel(o.level) } : {}),
    ...(o.timeout !== undefined ? { timeout: o.timeout } : {}),
    ...(o.hangTimeout !== undefined ? { hangTimeout: o.hangTimeout } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    ...(o.jobs !== undefined ? { jobs: o.jobs } : {}),
    ...(!o.report ? { reportDir: null } : o.reportDir !== undefined ? { reportDir: o.reportDir } : {}),
    ...(o.format !== undefined ? { formats: o.format } : {}),
    ...(o.quiet ? { quiet: true } : {}),
  });
  return {
    targets: merged.implementations,
    ...(merged.timeout !== undefined ? { timeout: merged.timeout } : {}),
    ...(merged.hangTimeout !== undefined ? { hangTimeout: merged.hangTimeout } : {}),
    ...(merged.seed !== undefined ? { seed: merged.seed } : {}),
    ...(merged.jobs !== undefined ? { jobs: merged.jobs } : {}),
    run: expandPatternArgs(merged.run),
    skip: expandPatternArgs(merged.skip),
    ...(merged.level !== undefined ? { level: merged.level } : {}),
    ...(o.shard !== undefined ? { shard: parseShard(o.shard) } : {}),
    ...(o.updateBaseline ? { updateBaseline: true } : {}),
    ...(merged.reportDir !== undefined ? { reportDir: merged.reportDir } : {}),
    ...(merged.formats !== undefined ? { formats: merged.formats } : {}),
    ...(merged.quiet ? { quiet: true } : {}),
    ...(o.color === false ? { color: false } : {}),
    configFile: merged.configFile ?? null,
  };
}

export interface ProgramIo {
  out: ConsoleOut;
  err: ConsoleOut;
  signal: AbortSignal;
  /** Receives the command's exit code. */
  setExitCode(code: number): void;
}

export function makeProgram(io: ProgramIo): Command {
  const program = new Command();
  program
    .name('proxy-conformance')
    .description('Conformance checks for container image proxy implementations (skopeo experimental-image-proxy).')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out.write(s.replace(/\n$/, '')),
      writeErr: (s) => io.err.write(s.replace(/\n$/, '')),
    })
    .showSuggestionAfterError(true)
    // Options after a subcommand's name are the subcommand's (reference-proxy has its own --sockfd).
    .enablePositionalOptions()
    .addHelpText('after', EXIT_CODES_HELP)
    .option('--impl <path>', 'a proxy implementation to test, repeatable: several make a matrix (default: skopeo on PATH)', collect, [])
    .option('--impl-arg <arg>', 'an argument for the implementation, repeatable (for skopeo: a global flag)', collect, [])
    .addOption(
      new Option('--sockfd <n>', 'pass the socket as fd N with `--sockfd N` instead of as stdin').argParser(
        parseNonNegativeInt('--sockfd'),
      ),
    )
    .addOption(new Option('--timeout <ms>', 'how long to wait for each reply').argParser(parsePositiveInt('--timeout')))
    .addOption(new Option('--seed <n>', 'fixture seed').argParser(parseNonNegativeInt('--seed')))
    .addOption(
      new Option('--hang-timeout <ms>', 'how long a payload may take to reach EOF after FinishPipe').argParser(parsePositiveInt('--hang-timeout')),
    )
    .addOption(new Option('--jobs <n>', 'cases run at once, each with its own process (default: 2 or the CPU count)').argParser(parsePositiveInt('--jobs')))
    .option('--run <pattern>', 'run only cases whose id matches (glob: * within a segment, ** across; tag:NAME), repeatable', collect, [])
    .option('--skip <pattern>', 'skip cases whose id matches, repeatable', collect, [])
    .option('--config <file>', 'read defaults from FILE (default: ./proxy-conformance.config.json when present); the command line wins')
    .option('--level <level>', 'run only cases of this strictness or stricter: MUST, SHOULD (MUST and SHOULD) or INFO (all)')
    .option('--shard <i/n>', 'run only shard i of n (stable by case id; merge the shards\' results.json with `merge`)')
    .option(
      '--baseline <file>',
      'gate on differences from the recorded outcomes in FILE (e.g. specs/expected/skopeo-1.9.3.json); with several --impl, one per --impl in order',
      collect,
      [],
    )
    .option('--update-baseline', 'write the run\'s non-pass outcomes to the --baseline file instead of gating')
    .option('--report-dir <dir>', 'where results.json, junit.xml, index.html and summary.md go (default: reports/<time>)')
    .option('--no-report', 'write no report files')
    .addOption(new Option('--format <name>', `write only this report format, repeatable (${REPORT_FORMATS.join(', ')})`).argParser(collectFormat).default(undefined))
    .option('--quiet', 'print only what did not pass, baseline problems and the summary line')
    .option('--no-color', 'no colour even on a terminal (NO_COLOR and FORCE_COLOR are honoured too)')
    .action(async (options: CliRunOptions) => {
      io.setExitCode(await runConformance(toRunOptions(options), io.out, io.signal));
    });
  program.addCommand(makeListCommand(io));
  program.addCommand(makeMergeCommand(io).copyInheritedSettings(program));
  program.addCommand(makeDiffCommand(io).copyInheritedSettings(program));
  program.addCommand(makeFixturesCommand(io));
  program.addCommand(makeMutationScoreCommand(io));
  program.addCommand(makeReferenceProxyCommand(io));
  program.addCommand(makeFuzzCommand(io));
  program.addCommand(makeReplayCommand(io));
  return program;
}

/** Maps commander's own exits (help, version, usage errors) to our exit codes. */
export function exitCodeOf(error: CommanderError): number {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.OK;
  return EXIT.USAGE;
}
