// The line a run prints about its registry: where it runs (like other details, not with --quiet),
// or that there is none (always: it changes what was tested).
import type { CaseMetadata } from '../../model/case.js';
import { readsRegistryImage } from '../../images/suite-images.js';
import { describeRunRegistry, type RegistryChoice, type RunRegistry } from '../../registry/run-registry.js';
import type { ConsoleReporter } from '../../report/console.js';

export function sayRegistry(console: ConsoleReporter, state: RunRegistry, cases: number): void {
  const line = describeRunRegistry(state, cases);
  if (line?.always) console.line(line.text);
  else if (line !== null) console.info(line.text);
}

/** Said before the registry starts and the fixtures are pushed (some seconds), so the run is not silent meanwhile. */
export function sayRegistryStarting(console: ConsoleReporter, choice: RegistryChoice, cases: readonly CaseMetadata[]): void {
  const needed = cases.filter(readsRegistryImage).length;
  if (needed > 0 && choice.disabled !== true) console.info(`registry: starting ${choice.bin ?? 'docker-registry'} and pushing the fixtures for ${needed} registry case(s)…`);
}
