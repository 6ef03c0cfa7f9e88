// Reading a results.json back for the steps that come after a run (diff, merge): the format stamp
// first, for a plain sentence, then specs/results.schema.json.
import { HarnessError } from '../errors.js';
import { INPUT_LIMITS, readJsonInputFile } from '../files/read-input.js';
import { loadSpecs } from '../specs/index.js';
import { RESULTS_FORMAT, type ReportDocument } from './model.js';

/** Reads and checks a report document; anything wrong is a PC_USAGE HarnessError in one sentence. */
export function readReport(file: string): ReportDocument {
  let json: unknown;
  try {
    json = readJsonInputFile(file, INPUT_LIMITS.report);
  } catch (error) {
    throw new HarnessError('PC_USAGE', `cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  validateReport(json, file);
  return json;
}

/** Throws unless `json` is a report document of the format this version writes. */
export function validateReport(json: unknown, file: string): asserts json is ReportDocument {
  const format = typeof json === 'object' && json !== null ? (json as { format?: unknown }).format : undefined;
  if (typeof format !== 'number') throw new HarnessError('PC_USAGE', `${file} is not a proxy-conformance results.json (it has no format number)`);
  if (format !== RESULTS_FORMAT) {
    throw new HarnessError('PC_USAGE', `${file} is results format ${format}; this version of proxy-conformance reads format ${RESULTS_FORMAT}`);
  }
  const result = loadSpecs().validateResults(json);
  if (!result.ok) throw new HarnessError('PC_USAGE', `${file} is not a valid results.json: ${result.errors.slice(0, 3).join('; ')}`);
}
