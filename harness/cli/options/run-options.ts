// A run's options: the command line's flags over the config file, in the one shape runConformance
// takes. Absent values take resolveConfig's defaults.
import { expandPatternArgs, type Shard } from '../../cases/select.js';
import type { CoverageSettings } from '../../coverage/run-coverage.js';
import type { Target } from '../../launch/resolve-target.js';
import type { Level } from '../../model/case.js';
import type { RegistryChoice } from '../../registry/run-registry.js';
import type { ReportFormat } from '../../report/reporters.js';
import { mergeConfig, readConfigOption } from './config-file.js';
import type { CoverageFlags } from './coverage-options.js';

export interface RunOptions {
  /** One per implementation; never empty. */
  targets: Target[];
  timeout?: number;
  hangTimeout?: number;
  seed?: number;
  jobs?: number;
  /** Case patterns, `@FILE` lists expanded. */
  run: string[];
  skip: string[];
  level?: Level;
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
export interface RunFlags extends CoverageFlags, Pick<RunOptions, 'timeout' | 'hangTimeout' | 'seed' | 'jobs' | 'level' | 'shard' | 'updateBaseline' | 'quiet'> {
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

/** --registry-bin and --no-registry as the run's registry choice (nothing when neither is given). */
export function registryChoiceOf(flags: Pick<RunFlags, 'registryBin' | 'registry'>): { registry?: RegistryChoice } {
  return flags.registry === false || flags.registryBin !== undefined ? { registry: { bin: flags.registryBin, disabled: flags.registry === false } } : {};
}

/** The flags over the config file (`--config`, else the one in `cwd`): one target per implementation, baselines paired in order. */
export function normalizeRunOptions(flags: RunFlags, cwd: string): RunOptions {
  const merged = mergeConfig(readConfigOption(flags.config, cwd), {
    impl: flags.impl,
    implArg: flags.implArg,
    baseline: flags.baseline,
    run: flags.run,
    skip: flags.skip,
    ...(flags.sockfd !== undefined ? { sockfd: flags.sockfd } : {}),
    ...(flags.level !== undefined ? { level: flags.level } : {}),
    ...(flags.timeout !== undefined ? { timeout: flags.timeout } : {}),
    ...(flags.hangTimeout !== undefined ? { hangTimeout: flags.hangTimeout } : {}),
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
