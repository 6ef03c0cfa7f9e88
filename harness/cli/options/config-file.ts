// proxy-conformance.config.json: a run's options kept in a file beside the project. Read from the
// current directory or --config FILE, checked against specs/config.schema.json; the command line wins.
import { statSync } from 'node:fs';
import path from 'node:path';
import { HarnessError } from '../../errors.js';
import { INPUT_LIMITS, InputLimitError, parseBoundedJson, readInputFile } from '../../files/read-input.js';
import type { Target } from '../../launch/resolve-target.js';
import { REPORT_FORMATS, type ReportFormat } from '../../report/reporters.js';
import { loadSpecs } from '../../specs/index.js';
import type { Level } from '../../model/case.js';

export const CONFIG_FILE_NAME = 'proxy-conformance.config.json';

/** A config file as {@link readConfigFile} returns it (specs/config.schema.json): checked, relative paths resolved. */
export interface ConfigFile {
  /** Absolute path of the file it was read from. */
  source: string;
  implementations?: Array<Omit<Target, 'args'> & { impl: string; args?: string[] }>;
  run?: string[];
  skip?: string[];
  level?: Level;
  failOn?: Level;
  jobs?: number;
  timeout?: number;
  hangTimeout?: number;
  progressTimeout?: number;
  seed?: number;
  reportDir?: string;
  formats?: ReportFormat[];
  quiet?: boolean;
  /** As --registry-bin. */
  registryBin?: string;
  /** false: as --no-registry. */
  registry?: boolean;
}

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
