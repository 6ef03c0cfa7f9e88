// Scenario files → check definitions: the same metadata and result model as the checks written
// in TypeScript, so reports, selection and baselines treat both alike.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { CheckDefinition } from '../checks/types.js';
import { HarnessError } from '../errors.js';
import { INPUT_LIMITS, readJsonInputFile } from '../files/read-input.js';
import { loadSpecs } from '../specs/index.js';
import { StepRunner } from './run-steps.js';
import { stepsObserve } from './steps/index.js';
import type { ScenarioCase, ScenarioFile } from './types.js';
import { packagePath } from '../package-root.js';

const SCENARIOS_DIR = `${packagePath('specs', 'scenarios')}/`;

/** Reads and validates every scenario file in `dir`, in file-name order. */
export function loadScenarioChecks(dir: string = SCENARIOS_DIR): CheckDefinition[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  return files.flatMap((f) => readScenarioFile(path.join(dir, f)).cases.map(toCheck));
}

/** Reads one scenario file; a malformed one is a usage error naming the file and the first problems. */
export function readScenarioFile(file: string): ScenarioFile {
  let json: unknown;
  try {
    json = readJsonInputFile(file, INPUT_LIMITS.baseline);
  } catch (error) {
    throw new HarnessError('PC_SCENARIO', `cannot read scenario file ${file}: ${(error as Error).message}`, { cause: error });
  }
  const result = loadSpecs().validateScenarioFile(json);
  if (!result.ok) throw new HarnessError('PC_SCENARIO', `scenario file ${file} is invalid: ${result.errors.slice(0, 3).join('; ')}`);
  return json as ScenarioFile;
}

/** Every case of these scenario files (findings written by fuzz, or any file in the suite's format); a bad file throws PC_SCENARIO. */
export function readScenarioChecks(files: readonly string[]): CheckDefinition[] {
  return files.flatMap((file) => readScenarioFile(file).cases.map(toCheck));
}

export function toCheck(scenario: ScenarioCase): CheckDefinition {
  const { steps, initialize, ...metadata } = scenario;
  const observes = stepsObserve(steps);
  return {
    ...metadata,
    ...(observes.length > 0 ? { observes } : {}),
    async run(ctx) {
      if (initialize !== false) await ctx.callOk('Initialize', []);
      const bindings = new Map<string, unknown>([
        ['image', ctx.image],
        ['images', ctx.images],
      ]);
      await new StepRunner(ctx, bindings).runAll(steps);
    },
  };
}
