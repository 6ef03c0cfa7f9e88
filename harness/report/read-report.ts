// Reading a results.json back for the steps that come after a run (diff, merge): the format stamp
// and the shape those steps rely on, checked where the file enters.
import { readFileSync } from 'node:fs';
import { HarnessError } from '../errors.js';
import { VERDICT_RANK } from '../findings/verdict.js';
import { RESULTS_FORMAT, type ReportDocument } from './model.js';

type Kind = 'string' | 'number' | 'object' | 'array' | 'object or null' | 'string or null';

/** Reads and checks a report document; anything wrong is a PC_USAGE HarnessError in one sentence. */
export function readReport(file: string): ReportDocument {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new HarnessError('PC_USAGE', `cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  validateReport(json, file);
  return json;
}

/** Throws unless `json` is a report document of the format this version writes. */
export function validateReport(json: unknown, file: string): asserts json is ReportDocument {
  const format = isObject(json) ? json.format : undefined;
  if (typeof format !== 'number') throw new HarnessError('PC_USAGE', `${file} is not a proxy-conformance results.json (it has no format number)`);
  if (format !== RESULTS_FORMAT) {
    throw new HarnessError('PC_USAGE', `${file} is results format ${format}; this version of proxy-conformance reads format ${RESULTS_FORMAT}`);
  }
  const problem = findShapeProblem(json);
  if (problem !== undefined) throw new HarnessError('PC_USAGE', `${file} is not a valid results.json: ${problem}`);
}

function findShapeProblem(doc: unknown): string | undefined {
  const top = [['startedAt', 'string'], ['durationMs', 'number'], ['environment', 'object'], ['configuration', 'object'], ['runs', 'array']] as const;
  const env = [['tool', 'object']] as const;
  const tool = [['version', 'string']] as const;
  const config = [['fixtureSeed', 'number'], ['suiteDigest', 'string'], ['suiteCases', 'number'], ['selectedCases', 'number']] as const;
  const run = [['implementation', 'object'], ['preflightError', 'string or null'], ['startedAt', 'string'], ['durationMs', 'number'], ['cases', 'array'], ['baseline', 'object or null']] as const;
  const impl = [['label', 'string'], ['executable', 'string'], ['args', 'array']] as const;
  const kase = [['id', 'string'], ['group', 'string'], ['verdict', 'object']] as const;

  // Each step runs only once the fields it walks into have been checked.
  const problem =
    fieldsProblem(doc, '$', top) ??
    fieldsProblem(member(doc, 'environment'), '$.environment', env) ??
    fieldsProblem(member(member(doc, 'environment'), 'tool'), '$.environment.tool', tool) ??
    fieldsProblem(member(doc, 'configuration'), '$.configuration', config);
  if (problem !== undefined) return problem;
  for (const [i, r] of (member(doc, 'runs') as unknown[]).entries()) {
    const at = `$.runs[${i}]`;
    const runProblem = fieldsProblem(r, at, run) ?? fieldsProblem(member(r, 'implementation'), `${at}.implementation`, impl);
    if (runProblem !== undefined) return runProblem;
    for (const [j, c] of (member(r, 'cases') as unknown[]).entries()) {
      const caseProblem = fieldsProblem(c, `${at}.cases[${j}]`, kase);
      if (caseProblem !== undefined) return caseProblem;
      const status = member(member(c, 'verdict'), 'status');
      if (typeof status !== 'string' || !(status in VERDICT_RANK)) return `${at}.cases[${j}].verdict.status is not a verdict (${JSON.stringify(status)})`;
    }
  }
  return undefined;
}

function fieldsProblem(value: unknown, at: string, fields: ReadonlyArray<readonly [string, Kind]>): string | undefined {
  if (!isObject(value)) return `${at} is not an object`;
  for (const [key, kind] of fields) {
    if (!(key in value)) return `${at}.${key} is missing`;
    if (!hasKind(value[key], kind)) return `${at}.${key} is not ${/^[aeio]/.test(kind) ? 'an' : 'a'} ${kind}`;
  }
  return undefined;
}

function hasKind(value: unknown, kind: Kind): boolean {
  switch (kind) {
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    case 'object or null':
      return value === null || isObject(value);
    case 'string or null':
      return value === null || typeof value === 'string';
    default:
      return typeof value === kind;
  }
}

function member(value: unknown, key: string): unknown {
  return (value as Record<string, unknown>)[key];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
