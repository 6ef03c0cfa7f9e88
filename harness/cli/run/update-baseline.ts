// --update-baseline: the run's outcomes written over the baseline file, keeping what still holds.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ConsoleReporter } from '../../report/console.js';
import { makeBaseline, readBaseline, type Baseline } from '../../verdicts/baseline.js';
import type { KnownOutcomes } from '../../verdicts/known-deviations.js';
import type { RunResult } from '../../verdicts/result.js';

/** `known`: the release's shipped record, whose reasons and deviation ids fill new records it explains. */
export async function writeBaseline(file: string, run: RunResult, console: ConsoleReporter, known?: KnownOutcomes | null): Promise<void> {
  let previous: Baseline | undefined;
  try {
    previous = readBaseline(file);
  } catch {
    previous = undefined;
  }
  const baseline = makeBaseline(run.results, path.basename(run.implementation.executable), run.implementation.protocolVersion ?? '0.0.0', previous, known ?? undefined);
  await writeFile(file, `${JSON.stringify(baseline, null, 2)}\n`);
  console.line(`baseline written: ${file} (${Object.keys(baseline.cases).length} recorded outcomes)`);
}
