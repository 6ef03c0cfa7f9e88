// The run's options, declared once: their flags, help and checks for commander, and the config-file
// key each corresponds to (option-table.test.ts keeps specs/config.schema.json equal to it).
import { Option, type Command } from 'commander';
import { parseLevel, parseShard } from '../../run/select.js';
import { DEFAULT_CONFIG } from '../../config.js';
import { DEFAULT_SEED } from '../../images/build-fixtures.js';
import { REPORT_FORMATS } from '../../report/reporters.js';
import { DEFAULT_FAIL_ON, parseFailOn } from '../../verdicts/fail-on.js';
import { asParser, asRepeatableParser, collect, validateFormat, validatePositiveInt, validateWholeNumber } from './validate.js';

export interface OptionEntry {
  /** Commander's flags, e.g. `--jobs <n>`. */
  flags: string;
  help: string;
  parse?: (value: string, previous: never) => unknown;
  default?: unknown;
  /** What --help shows as the default, where the value itself would say less (`[]` for "skopeo on PATH"). */
  defaultDescription?: string;
  /** Where the config file holds the same setting: a top-level key, or `implementations[].KEY`. */
  configKey?: string;
}

export const RUN_OPTIONS = {
  impl: {
    flags: '--impl <path>',
    help: 'a proxy implementation to test, repeatable: several make a matrix',
    parse: collect,
    default: [],
    defaultDescription: 'skopeo on PATH',
    configKey: 'implementations[].impl',
  },
  implArg: { flags: '--impl-arg <arg>', help: 'an argument for the implementation, repeatable (for skopeo: a global flag)', parse: collect, default: [], configKey: 'implementations[].args' },
  sockfd: {
    flags: '--sockfd <n>',
    help: 'pass the socket as fd N, appending `--sockfd N` to the command line (default: stdin)',
    parse: asParser((v) => validateWholeNumber('--sockfd', v)),
    configKey: 'implementations[].sockfd',
  },
  timeout: { flags: '--timeout <ms>', help: `how long to wait for each reply (default: ${DEFAULT_CONFIG.timeouts.callMs})`, parse: asParser((v) => validatePositiveInt('--timeout', v)), configKey: 'timeout' },
  seed: { flags: '--seed <n>', help: `fixture seed (default: ${DEFAULT_SEED})`, parse: asParser((v) => validateWholeNumber('--seed', v)), configKey: 'seed' },
  hangTimeout: {
    flags: '--hang-timeout <ms>',
    help: `how long a payload may take to reach EOF after FinishPipe (default: ${DEFAULT_CONFIG.timeouts.payloadMs})`,
    parse: asParser((v) => validatePositiveInt('--hang-timeout', v)),
    configKey: 'hangTimeout',
  },
  progressTimeout: {
    flags: '--progress-timeout <ms>',
    help: `how long a reply or payload may take while it keeps progressing; --timeout and --hang-timeout count only time in which nothing moved (default: ${DEFAULT_CONFIG.timeouts.progressMs})`,
    parse: asParser((v) => validatePositiveInt('--progress-timeout', v)),
    configKey: 'progressTimeout',
  },
  jobs: {
    flags: '--jobs <n>',
    help: 'cases run at once, each with its own process (default: 2, or the CPU count when fewer)',
    parse: asParser((v) => validatePositiveInt('--jobs', v)),
    configKey: 'jobs',
  },
  run: { flags: '--run <pattern>', help: 'run only cases whose id matches (glob: * within a segment, ** across; tag:NAME), repeatable', parse: collect, default: [], configKey: 'run' },
  skip: { flags: '--skip <pattern>', help: 'skip cases whose id matches, repeatable', parse: collect, default: [], configKey: 'skip' },
  config: { flags: '--config <file>', help: 'read defaults from FILE (default: ./proxy-conformance.config.json when present); the command line wins' },
  level: {
    flags: '--level <level>',
    help: 'run only cases of this strictness or stricter: MUST, SHOULD (MUST and SHOULD) or INFO (all)',
    parse: asParser(parseLevel),
    configKey: 'level',
  },
  failOn: {
    flags: '--fail-on <level>',
    help: `which failures fail the run (exit 1): MUST, SHOULD (MUST and SHOULD) or INFO (all); every result is still reported (default: ${DEFAULT_FAIL_ON})`,
    parse: asParser(parseFailOn),
    configKey: 'failOn',
  },
  shard: { flags: '--shard <i/n>', help: "run only shard i of n (stable by case id; merge the shards' results.json with `merge`)", parse: asParser(parseShard) },
  baseline: {
    flags: '--baseline <file>',
    help: 'gate on differences from the recorded outcomes in FILE (e.g. specs/expected/skopeo-1.9.3.json); with several --impl, one per --impl in order',
    parse: collect,
    default: [],
    configKey: 'implementations[].baseline',
  },
  updateBaseline: { flags: '--update-baseline', help: "write the run's non-pass outcomes to the --baseline file instead of gating" },
  registryBin: {
    flags: '--registry-bin <path>',
    help: 'the distribution registry to run for the registry/* cases (default: docker-registry on PATH)',
    configKey: 'registryBin',
  },
  registry: { flags: '--no-registry', help: 'run no registry: the registry/* cases are not applicable (in CI a missing registry fails them)', configKey: 'registry' },
  reportDir: { flags: '--report-dir <dir>', help: 'where results.json, junit.xml, index.html and summary.md go (default: reports/<time>-<impl>)', configKey: 'reportDir' },
  report: { flags: '--no-report', help: 'write no report files' },
  format: { flags: '--format <name>', help: `write only this report format, repeatable (${REPORT_FORMATS.join(', ')}; default: all)`, parse: asRepeatableParser(validateFormat), configKey: 'formats' },
  quiet: { flags: '--quiet', help: 'print only what did not pass, baseline problems and the summary line', configKey: 'quiet' },
  color: { flags: '--no-color', help: 'no colour even on a terminal (NO_COLOR and FORCE_COLOR are honoured too)' },
} satisfies Record<string, OptionEntry>;

type RunOptionName = keyof typeof RUN_OPTIONS;

/** Config-file keys no flag sets: an implementation's name in reports. */
export const CONFIG_ONLY_KEYS = ['implementations[].label'];

/** Adds the named options in the table's order; `help` replaces a description where a subcommand means something narrower. */
export function addOptions(command: Command, names: readonly RunOptionName[], help: Partial<Record<RunOptionName, string>> = {}): Command {
  for (const [name, entry] of Object.entries(RUN_OPTIONS) as Array<[RunOptionName, OptionEntry]>) {
    if (!names.includes(name)) continue;
    const option = new Option(entry.flags, help[name] ?? entry.help);
    if (entry.parse !== undefined) option.argParser(entry.parse as (value: string, previous: unknown) => unknown);
    if (entry.default !== undefined) option.default(entry.default, entry.defaultDescription);
    command.addOption(option);
  }
  return command;
}

/** Every option of a run, as `proxy-conformance [options]` takes them. */
export function addRunOptions(command: Command): Command {
  return addOptions(command, Object.keys(RUN_OPTIONS) as RunOptionName[]);
}
