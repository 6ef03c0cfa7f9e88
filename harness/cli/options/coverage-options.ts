// --coverage DIR and its companions, for the commands that run an implementation (the run, fuzz):
// declared once here, checked where they enter, read into the CoverageSettings of coverage/.
import { statSync } from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { HarnessError } from '../../errors.js';
import { DEFAULT_FILES_OF_INTEREST } from '../../config.js';
import type { CoverageSettings } from '../../coverage/run-coverage.js';
import { validateImplPath } from '../../launch/resolve-impl.js';
import { asParser } from './validate.js';

export interface CoverageFlags {
  coverage?: string;
  coverageFiles?: string;
  coverageSource?: string;
  go?: string;
}

export function addCoverageOptions(command: Command): Command {
  return command
    .addOption(new Option('--coverage <dir>', 'give each implementation process a GOCOVERDIR under DIR (for a Go build made with -cover) and report statement coverage'))
    .addOption(new Option('--coverage-files <pattern>', `with --coverage: the files whose covered and missed blocks the reports show (default ${DEFAULT_FILES_OF_INTEREST}; * within a path segment, ** across)`))
    .addOption(new Option('--coverage-source <dir>', "with --coverage: the implementation's source tree, to show those files' source lines").argParser(asParser(validateDirectory)))
    .addOption(new Option('--go <path>', 'with --coverage: the go command that merges the counters (Go 1.20 or later; default: go on PATH)').argParser(asParser((v) => validateImplPath(v, '--go'))));
}

/** The settings the flags name, or undefined without --coverage; a companion flag alone is a usage error. */
export function coverageSettingsOf(flags: CoverageFlags, cwd: string): CoverageSettings | undefined {
  if (flags.coverage === undefined) {
    const alone = (['coverageFiles', 'coverageSource', 'go'] as const).find((k) => flags[k] !== undefined);
    if (alone !== undefined) throw new HarnessError('PC_USAGE', `--${alone.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} needs --coverage DIR`);
    return undefined;
  }
  return {
    dir: path.resolve(cwd, flags.coverage),
    filesOfInterest: flags.coverageFiles ?? DEFAULT_FILES_OF_INTEREST,
    ...(flags.coverageSource !== undefined ? { sourceRoot: path.resolve(cwd, flags.coverageSource) } : {}),
    ...(flags.go !== undefined ? { go: flags.go } : {}),
  };
}

function validateDirectory(text: string): string {
  let isDirectory = false;
  try {
    isDirectory = statSync(text).isDirectory();
  } catch {
    throw new HarnessError('PC_USAGE', `--coverage-source ${text}: no such directory`);
  }
  if (!isDirectory) throw new HarnessError('PC_USAGE', `--coverage-source ${text}: not a directory`);
  return text;
}
