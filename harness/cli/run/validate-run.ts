// Everything a run will write to, checked before its first case: one sentence and exit 2 up front,
// rather than an error after the whole run with its results lost.
import { HarnessError } from '../../errors.js';
import { validateWritableDir } from '../../files/validate-output.js';
import { readBaseline } from '../../verdicts/baseline.js';
import { validateBaselineToUpdate } from './update-baseline.js';

export interface RunOutputs {
  /** --report-dir; null with --no-report; undefined for a new folder under `reportsRoot`. */
  reportDir: string | null | undefined;
  reportsRoot: string;
  /** Each target's --baseline, if it has one. */
  baselines: readonly (string | undefined)[];
  updateBaseline: boolean;
}

export async function validateRunOutputs(o: RunOutputs): Promise<void> {
  if (o.updateBaseline && !o.baselines.some((b) => b !== undefined)) throw new HarnessError('PC_USAGE', '--update-baseline needs --baseline FILE to write');
  if (o.reportDir !== null) await validateWritableDir(o.reportDir ?? o.reportsRoot, o.reportDir !== undefined ? '--report-dir' : 'the reports folder');
  for (const file of o.baselines) {
    if (file === undefined) continue;
    if (o.updateBaseline) await validateBaselineToUpdate(file);
    else readBaseline(file);
  }
}
