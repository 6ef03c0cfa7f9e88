// A run's options, for every role: the command line's flags over the config file, in the one shape
// runRole takes, resolved once into the run's config (absent values take config.ts's defaults).
import { resolveConfig, type RunConfig } from '../../config.js';
import { HarnessError } from '../../errors.js';
import { expandPatternArgs, type Shard } from '../../run/select.js';
import type { ClientCommand } from '../../client/stand-in/run-client.js';
import type { CoverageSettings } from '../../coverage/run-coverage.js';
import type { Target } from '../../launch/resolve-target.js';
import type { Level } from '../../model/case.js';
import type { RegistryChoice } from '../../registry/run-registry.js';
import type { ReportFormat } from '../../report/reporters.js';
import { readConfigOption, type ConfigFile } from './config-file.js';
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
  return mergeOptions(role.implementations ? file : withoutImplementations(file), flags, cwd);
}

/**
 * The options a run uses: each given on the command line wins over the file. `--impl` replaces the
 * file's implementations; --impl-arg and --sockfd replace every implementation's; --baseline pairs
 * with the implementations in order, one each. Empty lists count as not given; `@FILE` pattern
 * lists are expanded (relative to `cwd`).
 */
export function mergeOptions(file: ConfigFile | undefined, flags: Partial<RunFlags>, cwd: string): RunOptions {
  const given = <T>(list: readonly T[] | undefined): T[] | undefined => (list !== undefined && list.length > 0 ? [...list] : undefined);
  const options: RunOptions = {
    targets: mergeImplementations(file, flags),
    run: expandPatternArgs(given(flags.run) ?? file?.run ?? [], cwd),
    skip: expandPatternArgs(given(flags.skip) ?? file?.skip ?? [], cwd),
    configFile: file?.source ?? null,
  };
  // Each setting the file may hold: the command line's value, else the file's, else absent (config.ts's default).
  const pick = <K extends 'level' | 'failOn' | 'jobs' | 'timeout' | 'hangTimeout' | 'progressTimeout' | 'seed'>(key: K): void => {
    const value = flags[key] ?? file?.[key];
    if (value !== undefined) options[key] = value as RunOptions[K];
  };
  for (const key of ['level', 'failOn', 'jobs', 'timeout', 'hangTimeout', 'progressTimeout', 'seed'] as const) pick(key);
  const reportDir = flags.report === false ? null : (flags.reportDir ?? file?.reportDir);
  if (reportDir !== undefined) options.reportDir = reportDir;
  const formats = given(flags.format) ?? file?.formats;
  if (formats !== undefined) options.formats = formats;
  // --quiet cannot be negated on the command line: either asks for it.
  if (flags.quiet === true || file?.quiet === true) options.quiet = true;
  if (flags.color === false) options.color = false;
  if (flags.shard !== undefined) options.shard = flags.shard;
  if (flags.updateBaseline) options.updateBaseline = true;
  const registry = mergeRegistry(file, flags);
  if (registry !== undefined) options.registry = registry;
  return options;
}

/** --registry-bin and --no-registry over the file's registryBin and registry; messages name whichever decided. */
function mergeRegistry(file: ConfigFile | undefined, flags: Partial<RunFlags>): RegistryChoice | undefined {
  const binFromCli = flags.registryBin !== undefined;
  const disabledFromCli = flags.registry === false;
  const bin = flags.registryBin ?? file?.registryBin;
  // A registry named on the command line is one to run, whatever the file says.
  const disabled = disabledFromCli || (!binFromCli && file?.registry === false);
  if (bin === undefined && !disabled) return undefined;
  const source = file?.source ?? 'the config file';
  return {
    bin,
    disabled,
    from: { bin: binFromCli ? '--registry-bin' : `${source}: registryBin`, disabled: disabledFromCli ? '--no-registry' : `"registry": false in ${source}` },
  };
}

function mergeImplementations(file: ConfigFile | undefined, flags: Partial<RunFlags>): Target[] {
  const cliImpls = flags.impl ?? [];
  const baselines = flags.baseline ?? [];
  const listed: Target[] =
    cliImpls.length > 0
      ? cliImpls.map((impl) => ({ impl, args: [] }))
      : (file?.implementations?.map((entry) => ({ ...entry, args: [...(entry.args ?? [])] })) ?? [{ args: [] }]);
  if (baselines.length > 0 && baselines.length !== listed.length) {
    const where = cliImpls.length === 0 && file?.implementations !== undefined ? ` in ${file.source}` : '';
    throw new HarnessError('PC_USAGE', `give one --baseline per implementation (${listed.length} implementations${where}, ${baselines.length} baselines)`);
  }
  return listed.map((entry, i) => ({
    ...entry,
    ...(flags.implArg !== undefined && flags.implArg.length > 0 ? { args: [...flags.implArg] } : {}),
    ...(flags.sockfd !== undefined ? { sockfd: flags.sockfd } : {}),
    ...(baselines[i] !== undefined ? { baseline: baselines[i] } : {}),
  }));
}

function withoutImplementations(file: ConfigFile | undefined): ConfigFile | undefined {
  if (file === undefined) return undefined;
  const { implementations: _, ...rest } = file;
  return rest;
}
