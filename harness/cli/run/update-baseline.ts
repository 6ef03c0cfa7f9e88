// --update-baseline: the run's outcomes written over the baseline file, keeping what still holds.
// The file is read before the run (a bad one is a usage error, never a reason to start afresh) and
// replaced atomically after it; a run whose implementation never started writes nothing.
import { mkdir, stat } from 'node:fs/promises';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { HarnessError } from '../../errors.js';
import { replaceJsonFile } from '../../files/replace-file.js';
import { whyNotWritable } from '../../files/validate-output.js';
import type { ConsoleReporter } from '../../report/console.js';
import { SPECS_DIR } from '../../specs/read.js';
import { makeBaseline, neverStarted, readBaseline, type Baseline } from '../../verdicts/baseline.js';
import type { KnownOutcomes } from '../../verdicts/known-deviations.js';
import type { RunResult } from '../../verdicts/result.js';

const SCHEMA_FILE = path.join(SPECS_DIR, 'baseline.schema.json');

/**
 * The baseline `--update-baseline` starts from: undefined only when the file does not exist yet.
 * A directory, an unreadable file or one that does not validate is a usage error (exit 2).
 */
export function readBaselineToUpdate(file: string): Baseline | undefined {
  let isFile: boolean;
  try {
    isFile = statSync(file).isFile();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new HarnessError('PC_BASELINE', `cannot read baseline ${file}: ${(error as Error).message}`, { cause: error });
  }
  if (!isFile) throw new HarnessError('PC_BASELINE', `--update-baseline needs a file, and ${file} is not one`);
  return readBaseline(file);
}

/** What the run knows of the implementation it writes a baseline for. */
export interface BaselineSubject {
  /** Its name in the run (the config file's label, else the executable's name). */
  label: string;
  /** What it says of its own version (`skopeo version 1.22.0`), or null. */
  versionString: string | null;
  /** The release's shipped record, whose implementation string, reasons, deviation ids and flaky marks fill a new file. */
  known?: KnownOutcomes | null | undefined;
}

/**
 * Writes the run's baseline; false (nothing written) when the implementation never started, whose
 * "outcomes" would replace every recorded reason with the start-up error.
 */
export async function writeBaseline(file: string, run: RunResult, console: ConsoleReporter, subject: BaselineSubject): Promise<boolean> {
  if (run.preflightError !== null || neverStarted(run.results)) {
    console.line(`baseline not written: ${file} is unchanged, the implementation never started${run.preflightError !== null ? ` (${run.preflightError})` : ''}`);
    return false;
  }
  const previous = readBaselineToUpdate(file);
  const known = subject.known ?? undefined;
  const baseline = makeBaseline(run.results, implementationString(run, subject), run.implementation.protocolVersion ?? '0.0.0', previous, known, schemaReferenceFrom(file));
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await replaceJsonFile(file, baseline);
  console.line(`baseline written: ${file} (${Object.keys(baseline.cases).length} recorded outcomes)`);
  return true;
}

/**
 * The implementation string a new baseline records (an existing file keeps its own): the shipped
 * record's for the release, else what the implementation says of itself and its protocol, else its label.
 */
export function implementationString(run: Pick<RunResult, 'implementation'>, subject: BaselineSubject): string {
  if (subject.known) return subject.known.baseline.implementation;
  const protocol = run.implementation.protocolVersion !== null ? `, protocol ${run.implementation.protocolVersion}` : '';
  return `${subject.versionString ?? subject.label}${protocol}`;
}

/**
 * The `$schema` every written baseline names, new or updated: the path from the file's folder to the
 * package's schema, which an editor resolves. Only where no relative path leads there (another
 * drive) is it the schema's `$id`, a name that is not fetched from anywhere (docs/ci.md says so).
 */
export function schemaReferenceFrom(file: string): string {
  const relative = path.relative(path.dirname(path.resolve(file)), SCHEMA_FILE);
  if (!path.isAbsolute(relative)) return relative.split(path.sep).join('/');
  return (JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as { $id: string }).$id;
}

/** Fails (exit 2) before the run when the baseline to update cannot be written where it is named. */
export async function validateBaselineToUpdate(file: string): Promise<void> {
  readBaselineToUpdate(file);
  let dir = path.dirname(path.resolve(file));
  // The nearest existing folder must be a folder that takes a new file (the baseline is written beside
  // and renamed): `mkdir -p` will make the rest.
  for (;;) {
    try {
      if (!(await stat(dir)).isDirectory()) throw new HarnessError('PC_BASELINE', `cannot write baseline ${file}: ${dir} is not a directory`);
      const why = await whyNotWritable(dir);
      if (why !== null) throw new HarnessError('PC_BASELINE', `cannot write baseline ${file}: ${why} in ${dir}`);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error instanceof HarnessError ? error : new HarnessError('PC_BASELINE', `cannot write baseline ${file}: ${(error as Error).message}`, { cause: error });
      dir = path.dirname(dir);
    }
  }
}
