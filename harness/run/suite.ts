// The whole suite: the checks written in TypeScript and every scenario file, ids unique.
import { CHECKS } from '../checks/index.js';
import type { CheckDefinition } from '../checks/types.js';
import { HarnessError } from '../errors.js';
import { loadScenarioChecks } from '../scenarios/load.js';

let cached: readonly CheckDefinition[] | undefined;

export function loadSuite(): readonly CheckDefinition[] {
  if (cached) return cached;
  const all = [...CHECKS, ...loadScenarioChecks()];
  const seen = new Set<string>();
  for (const check of all) {
    if (seen.has(check.id)) throw new HarnessError('PC_SCENARIO', `two cases share the id ${check.id}`);
    seen.add(check.id);
  }
  cached = all;
  return all;
}
