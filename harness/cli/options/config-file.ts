// proxy-conformance.config.json: a run's options kept in a file beside the project. Read from the
// current directory or --config FILE, checked against specs/config.schema.json; the command line wins.
import { statSync } from 'node:fs';
import path from 'node:path';
import { HarnessError } from '../../errors.js';
import { INPUT_LIMITS, InputLimitError, parseBoundedJson, readInputFile } from '../../files/read-input.js';
import type { Target } from '../../launch/resolve-target.js';
import type { RegistryChoice } from '../../registry/run-registry.js';
import { REPORT_FORMATS, type ReportFormat } from '../../report/reporters.js';
import { loadSpecs } from '../../specs/index.js';
import type { RunOptions } from './run-options.js';

export const CONFIG_FILE_NAME = 'proxy-conformance.config.json';

/** A config file as {@link readConfigFile} returns it: checked, relative paths resolved. */
export type ConfigFile = Partial<Pick<RunOptions, Exclude<ConfigKey, 'reportDir'>>> & {
  /** Absolute path of the file it was read from. */
  source: string;
  reportDir?: string;
  implementations?: Array<Omit<Target, 'args'> & { impl: string; args?: string[] }>;
  /** As --registry-bin. */
  registryBin?: string;
  /** false: as --no-registry. */
  registry?: boolean;
};

/** The top-level settings a config file may hold besides its implementations. */
type ConfigKey = 'run' | 'skip' | 'level' | 'failOn' | 'jobs' | 'timeout' | 'hangTimeout' | 'progressTimeout' | 'seed' | 'reportDir' | 'formats' | 'quiet';

/** The config-file options as the command line gives them; empty lists count as not given. */
type GivenOptions = Partial<Pick<RunOptions, Exclude<ConfigKey, 'run' | 'skip' | 'formats'>>> & {
  /** Replaces the file's implementations when given. */
  impl?: string | readonly string[];
  /** Replaces every implementation's args. */
  implArg?: readonly string[];
  /** Replaces every implementation's sockfd. */
  sockfd?: number;
  /** --registry-bin, over the file's registryBin. */
  registryBin?: string;
  /** --no-registry (false), over the file's registry. */
  registry?: boolean;
  /** One per implementation, in order. */
  baseline?: string | readonly string[];
  run?: readonly string[];
  skip?: readonly string[];
  formats?: readonly ReportFormat[];
};

/** Every config-file option after merging, `@FILE` pattern lists not yet expanded; absent values take the run's defaults. */
type MergedOptions = Partial<Pick<RunOptions, Exclude<ConfigKey, 'run' | 'skip' | 'quiet'>>> & {
  /** Never empty; `impl` undefined means the default (skopeo on PATH, else the reference proxy). */
  implementations: Target[];
  run: string[];
  skip: string[];
  quiet: boolean;
  /** The config file the options came from, if any. */
  configFile?: string;
  /** The registry choice, when the command line or the file makes one. */
  registry?: RegistryChoice;
};

/** The config file in `cwd`, as an absolute path, or undefined when there is none. */
export function findConfigFile(cwd: string): string | undefined {
  const file = path.resolve(cwd, CONFIG_FILE_NAME);
  return statSync(file, { throwIfNoEntry: false })?.isFile() ? file : undefined;
}

/** `--config FILE` when given (relative to `cwd`), else the config file in `cwd`, read; undefined when neither exists. */
export function readConfigOption(option: string | undefined, cwd: string): ConfigFile | undefined {
  const file = option !== undefined ? path.resolve(cwd, option) : findConfigFile(cwd);
  return file === undefined ? undefined : readConfigFile(file);
}

/** Reads and checks a config file; throws a PC_CONFIG HarnessError naming the file and the offending paths. */
export function readConfigFile(file: string): ConfigFile {
  const source = path.resolve(file);
  let text: string;
  try {
    text = readInputFile(source, INPUT_LIMITS.small, (head) => /^\s*[[{]/.test(head) || /^\s*$/.test(head));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new HarnessError('PC_CONFIG', `cannot read config file ${file}: ${reason}`, { cause: error });
  }
  let json: unknown;
  try {
    json = parseBoundedJson(text);
  } catch (error) {
    const why = error instanceof InputLimitError ? `is refused: ${error.message}` : `is not valid JSON: ${(error as Error).message}`;
    throw new HarnessError('PC_CONFIG', `config file ${file} ${why}`, { cause: error });
  }
  const result = loadSpecs().validateConfigFile(json);
  if (!result.ok) throw new HarnessError('PC_CONFIG', `config file ${file} is invalid: ${result.errors.slice(0, 3).join('; ')}`);
  const { $schema: _, ...options } = json as Omit<ConfigFile, 'source'> & { $schema?: string };
  // The schema lists every documented format; the registry says which this build writes.
  const unwritten = (options.formats ?? []).findIndex((f) => !REPORT_FORMATS.includes(f));
  if (unwritten >= 0) {
    const name = JSON.stringify(options.formats?.[unwritten]);
    throw new HarnessError('PC_CONFIG', `config file ${file} is invalid: $.formats[${unwritten}] ${name} is not a format this version writes (${REPORT_FORMATS.join(', ')})`);
  }
  return resolvePaths({ ...options, source }, path.dirname(source));
}

/** Paths in the file are relative to its directory, not to wherever the command runs. */
function resolvePaths(config: ConfigFile, dir: string): ConfigFile {
  const resolved: ConfigFile = { ...config };
  if (config.implementations !== undefined) {
    resolved.implementations = config.implementations.map((entry) => ({
      ...entry,
      impl: path.resolve(dir, entry.impl),
      ...(entry.baseline !== undefined ? { baseline: path.resolve(dir, entry.baseline) } : {}),
    }));
  }
  if (config.reportDir !== undefined) resolved.reportDir = path.resolve(dir, config.reportDir);
  if (config.registryBin !== undefined) resolved.registryBin = path.resolve(dir, config.registryBin);
  // `@FILE` pattern lists are paths too.
  const lists = (patterns: string[]) => patterns.map((p) => (p.startsWith('@') ? `@${path.resolve(dir, p.slice(1))}` : p));
  if (config.run !== undefined) resolved.run = lists(config.run);
  if (config.skip !== undefined) resolved.skip = lists(config.skip);
  return resolved;
}

/**
 * The options a run uses: each given on the command line wins over the file. `--impl` replaces the
 * file's implementations; --impl-arg and --sockfd replace every implementation's; --baseline pairs
 * with the implementations in order, one each.
 */
export function mergeConfig(file: ConfigFile | undefined, cli: GivenOptions): MergedOptions {
  const given = <T>(list: readonly T[] | undefined): T[] | undefined => (list !== undefined && list.length > 0 ? [...list] : undefined);
  const merged: MergedOptions = {
    implementations: mergeImplementations(file, cli),
    run: given(cli.run) ?? file?.run ?? [],
    skip: given(cli.skip) ?? file?.skip ?? [],
    quiet: cli.quiet ?? file?.quiet ?? false,
  };
  const level = cli.level ?? file?.level;
  if (level !== undefined) merged.level = level;
  const failOn = cli.failOn ?? file?.failOn;
  if (failOn !== undefined) merged.failOn = failOn;
  const jobs = cli.jobs ?? file?.jobs;
  if (jobs !== undefined) merged.jobs = jobs;
  const timeout = cli.timeout ?? file?.timeout;
  if (timeout !== undefined) merged.timeout = timeout;
  const hangTimeout = cli.hangTimeout ?? file?.hangTimeout;
  if (hangTimeout !== undefined) merged.hangTimeout = hangTimeout;
  const progressTimeout = cli.progressTimeout ?? file?.progressTimeout;
  if (progressTimeout !== undefined) merged.progressTimeout = progressTimeout;
  const seed = cli.seed ?? file?.seed;
  if (seed !== undefined) merged.seed = seed;
  const reportDir = cli.reportDir !== undefined ? cli.reportDir : file?.reportDir;
  if (reportDir !== undefined) merged.reportDir = reportDir;
  const formats = given(cli.formats) ?? file?.formats;
  if (formats !== undefined) merged.formats = formats;
  if (file !== undefined) merged.configFile = file.source;
  const registry = mergeRegistry(file, cli);
  if (registry !== undefined) merged.registry = registry;
  return merged;
}

/** --registry-bin and --no-registry over the file's registryBin and registry; messages name whichever decided. */
function mergeRegistry(file: ConfigFile | undefined, cli: GivenOptions): RegistryChoice | undefined {
  const binFromCli = cli.registryBin !== undefined;
  const disabledFromCli = cli.registry === false;
  const bin = cli.registryBin ?? file?.registryBin;
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

function mergeImplementations(file: ConfigFile | undefined, cli: GivenOptions): Target[] {
  const cliImpls = cli.impl === undefined ? [] : typeof cli.impl === 'string' ? [cli.impl] : [...cli.impl];
  const baselines = cli.baseline === undefined ? [] : typeof cli.baseline === 'string' ? [cli.baseline] : [...cli.baseline];
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
    ...(cli.implArg !== undefined && cli.implArg.length > 0 ? { args: [...cli.implArg] } : {}),
    ...(cli.sockfd !== undefined ? { sockfd: cli.sockfd } : {}),
    ...(baselines[i] !== undefined ? { baseline: baselines[i] } : {}),
  }));
}
