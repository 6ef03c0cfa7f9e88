// The line a run prints about its registry: where it runs (like other details, not with --quiet),
// or that there is none (always: it changes what was tested).
import { describeRunRegistry, type RunRegistry } from '../../registry/run-registry.js';
import type { ConsoleReporter } from '../../report/console.js';

export function sayRegistry(console: ConsoleReporter, state: RunRegistry, cases: number): void {
  const line = describeRunRegistry(state, cases);
  if (line?.always) console.line(line.text);
  else if (line !== null) console.info(line.text);
}
