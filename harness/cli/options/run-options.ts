// A run's options, for every role: the command line's flags over the config file, in the one shape
// runRole takes, resolved once into the run's config (absent values take config.ts's defaults).
import { resolveConfig, type RunConfig } from '../../config.js';
import { expandPatternArgs, type Shard } from '../../run/select.js';
import type { ClientCommand } from '../../client/stand-in/run-client.js';
import type { CoverageSettings } from '../../coverage/run-coverage.js';
import type { Target } from '../../launch/resolve-target.js';
import type { Level } from '../../model/case.js';
import type { RegistryChoice } from '../../registry/run-registry.js';
import type { ReportFormat } from '../../report/reporters.js';
import { mergeConfig, readConfigOption, type ConfigFile } from './config-file.js';
import type { CoverageFlags } from './coverage-options.js';

export interface RunOptions {
  /** One per implementation; never empty. A client run's one target carries its baseline. */
  targets: Target[];
  /** The client role's program under test. */
  command?: ClientCommand;
  timeout?: number;
  hangTimeout?: number;
  /** Client role: how long the client may run per case. */
  clientTimeout?: number;
  progressTimeout?: number;
  seed?: number;
  jobs?: number;
  /** Case patterns, `@FILE` lists expanded. */
  run: string[];
  skip: string[];
  level?: Level;
  /** Failures of cases at this level or stricter fail the run; default DEFAULT_FAIL_ON. */
  failOn?: Level;
  shard?: Shard;
  updateBaseline?: boolean;
  /** Where the report files go; null writes none. Default: reports/<time>-<label>. */
  reportDir?: string | null;
  formats?: ReportFormat[];
  quiet?: boolean;
  color?: boolean;
  /** The config file the options came from, if any. */
  configFile?: string | null;
  /** --registry-bin and --no-registry. */
  registry?: RegistryChoice;
  /** --coverage DIR and its companions. */
  coverage?: CoverageSettings;
}

/** The run's flags as commander parses them from the option table (each value already checked); the ones passed on unchanged share RunOptions' types. */
export interface RunFlags extends CoverageFlags, Pick<RunOptions, 'timeout' | 'hangTimeout' | 'progressTimeout' | 'seed' | 'jobs' | 'level' | 'failOn' | 'shard' | 'updateBaseline' | 'quiet'> {
  impl: string[];
  implArg: string[];
  sockfd?: number;
  /** Case patterns as given, `@FILE` lists not yet expanded. */
  run: string[];
  skip: string[];
  config?: string;
  baseline: string[];
  reportDir?: string;
  report: boolean;
  format?: ReportFormat[];
  color: boolean;
  registryBin?: string;
  /** False with --no-registry. */
  registry: boolean;
}

/** The run's config: the options over config.ts's defaults, resolved once for the whole run. */
export function resolveRunConfig(options: RunOptions): RunConfig {
  return resolveConfig({
    timeouts: {
      ...(options.timeout !== undefined ? { callMs: options.timeout } : {}),
      ...(options.hangTimeout !== undefined ? { payloadMs: options.hangTimeout } : {}),
      ...(options.progressTimeout !== undefined ? { progressMs: options.progressTimeout } : {}),
    },
    ...(options.clientTimeout !== undefined ? { clientMs: options.clientTimeout } : {}),
    ...(options.jobs !== undefined ? { jobs: options.jobs } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.formats !== undefined ? { formats: options.formats } : {}),
  });
}

/** --registry-bin and --no-registry as the run's registry choice (nothing when neither is given). */
export function registryChoiceOf(flags: Pick<RunFlags, 'registryBin' | 'registry'>): { registry?: RegistryChoice } {
  return flags.registry === false || flags.registryBin !== undefined ? { registry: { bin: flags.registryBin, disabled: flags.registry === false } } : {};
}

/**
 * The flags over the config file (`--config`, else the one in `cwd`): one target per implementation,
 * baselines paired in order. A role that judges no implementations (the client role) ignores the
 * file's list of them: its one target is its command.
 */
export function normalizeRunOptions(flags: RunFlags, cwd: string, role: { implementations: boolean } = { implementations: true }): RunOptions {
  const file = readConfigOption(flags.config, cwd);
  const merged = mergeConfig(role.implementations ? file : withoutImplementations(file), {
    impl: flags.impl,
    implArg: flags.implArg,
    baseline: flags.baseline,
    run: flags.run,
    skip: flags.skip,
    ...(flags.sockfd !== undefined ? { sockfd: flags.sockfd } : {}),
    ...(flags.level !== undefined ? { level: flags.level } : {}),
    ...(flags.failOn !== undefined ? { failOn: flags.failOn } : {}),
    ...(flags.timeout !== undefined ? { timeout: flags.timeout } : {}),
    ...(flags.hangTimeout !== undefined ? { hangTimeout: flags.hangTimeout } : {}),
    ...(flags.progressTimeout !== undefined ? { progressTimeout: flags.progressTimeout } : {}),
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    ...(flags.jobs !== undefined ? { jobs: flags.jobs } : {}),
    ...(!flags.report ? { reportDir: null } : flags.reportDir !== undefined ? { reportDir: flags.reportDir } : {}),
    ...(flags.format !== undefined ? { formats: flags.format } : {}),
    ...(flags.quiet ? { quiet: true } : {}),
    ...(flags.registryBin !== undefined ? { registryBin: flags.registryBin } : {}),
    ...(flags.registry === false ? { registry: false } : {}),
  });
  const { implementations, run, skip, quiet, configFile, ...rest } = merged;
  return {
    ...rest,
    targets: implementations,
    run: expandPatternArgs(run, cwd),
    skip: expandPatternArgs(skip, cwd),
    ...(flags.shard !== undefined ? { shard: flags.shard } : {}),
    ...(flags.updateBaseline ? { updateBaseline: true } : {}),
    ...(quiet ? { quiet: true } : {}),
    ...(flags.color === false ? { color: false } : {}),
    configFile: configFile ?? null,
  };
}

function withoutImplementations(file: ConfigFile | undefined): ConfigFile | undefined {
  if (file === undefined) return undefined;
  const { implementations: _, ...rest } = file;
  return rest;
}
