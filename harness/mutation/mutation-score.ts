// The suite's strength, measured: run it against the reference proxy once clean and once per
// fault. A fault is killed when some case ends differently from the clean run; a surviving fault
// means a missing or weak case.
import type { CheckDefinition } from '../checks/types.js';
import type { HarnessConfig } from '../config.js';
import { runSuite } from '../cases/run-suite.js';
import type { SuiteImages } from '../model/suite-images.js';
import type { CheckResult } from '../verdicts/result.js';
import type { VerdictStatus } from '../verdicts/verdict.js';
import type { LaunchSpec } from '../launch/implementation.js';
import type { RunRegistry } from '../registry/run-registry.js';

export interface FaultOutcome {
  fault: string;
  killed: boolean;
  /** Cases whose outcome differs from the clean run and again from a clean re-run (at most three). */
  killedBy: Array<{ id: string; clean: VerdictStatus; faulty: VerdictStatus; message: string }>;
  /** How many cases ended differently from the clean run before confirmation. */
  differing: number;
  wallMs: number;
  /** Set when the faulty implementation could not even be initialized (killed by the preflight). */
  preflightError: string | null;
}

const CONFIRMED_KILLS = 3;

interface MutationInput {
  /** The clean reference proxy; a fault's spec appends `--fault NAME` to its args. */
  spec: LaunchSpec;
  faults: readonly string[];
  checks: readonly CheckDefinition[];
  images: Partial<SuiteImages>;
  /** The run's registry, for the registry cases (default: none). */
  registry?: RunRegistry;
  config: HarnessConfig;
  jobs: number;
  signal: AbortSignal;
  /** Stop a fault's run at its first killing case (fast enough for CI); the table then names one killer. */
  firstKill?: boolean;
  onFault?: (outcome: FaultOutcome) => void;
}

interface MutationResult {
  clean: CheckResult[];
  /** Cases that do not pass on the clean proxy (its own baseline). */
  cleanNonPass: string[];
  outcomes: FaultOutcome[];
}

export async function runMutationScore(input: MutationInput): Promise<MutationResult> {
  const { spec, faults, checks, images, config, jobs, signal } = input;
  const registry = input.registry !== undefined ? { registry: input.registry } : {};
  const cleanRun = await runSuite({ spec, checks, images, ...registry, config, signal, jobs });
  if (cleanRun.preflightError !== null) throw new Error(`the clean reference proxy could not be initialized: ${cleanRun.preflightError}`);
  const cleanStatus = new Map(cleanRun.results.map((r) => [r.id, r.verdict.status]));
  const outcomes: FaultOutcome[] = [];
  for (const fault of faults) {
    if (signal.aborted) break;
    const started = performance.now();
    const stop = new AbortController();
    const killedBy: FaultOutcome['killedBy'] = [];
    const run = await runSuite({
      spec: { ...spec, args: [...spec.args, '--fault', fault] },
      checks,
      images,
      ...registry,
      config,
      jobs,
      signal: AbortSignal.any([signal, stop.signal]),
      onResult: (r) => {
        // Cases cut short by the stop below end oddly; only outcomes before it count.
        if (stop.signal.aborted || r.verdict.status === cleanStatus.get(r.id)) return;
        killedBy.push({ id: r.id, clean: cleanStatus.get(r.id) ?? 'pass', faulty: r.verdict.status, message: 'message' in r.verdict ? r.verdict.message : r.verdict.status });
        if (input.firstKill) stop.abort();
      },
    });
    // A case that differs only because the machine was slow is noise: confirm each kill by running
    // the case again, alone, against the clean proxy.
    // Three confirmed kills are enough to name; the rest are counted as differing.
    const confirmed: FaultOutcome['killedBy'] = [];
    for (const kill of killedBy) {
      const check = checks.find((c) => c.id === kill.id);
      if (check === undefined || signal.aborted || confirmed.length >= CONFIRMED_KILLS) break;
      const again = await runSuite({ spec, checks: [check], images, ...registry, config, signal, jobs: 1 });
      if (again.results[0]?.verdict.status !== kill.faulty) confirmed.push(kill);
    }
    const outcome: FaultOutcome = {
      fault,
      killed: confirmed.length > 0 || run.preflightError !== null,
      killedBy: confirmed,
      differing: killedBy.length,
      wallMs: performance.now() - started,
      preflightError: run.preflightError,
    };
    outcomes.push(outcome);
    input.onFault?.(outcome);
  }
  return {
    clean: cleanRun.results,
    cleanNonPass: cleanRun.results.filter((r) => r.verdict.status !== 'pass' && r.verdict.status !== 'not-applicable').map((r) => r.id),
    outcomes,
  };
}

/** One table row per fault: killed or SURVIVED, how many cases caught it, the first few ids. */
export function formatMutationTable(outcomes: readonly FaultOutcome[]): string {
  const rows = outcomes.map((o) => {
    const ids = o.preflightError !== null ? `(preflight: ${o.preflightError.slice(0, 60)})` : o.killedBy.map((k) => k.id).join(', ');
    return [o.fault, o.killed ? 'killed' : 'SURVIVED', String(o.differing), ids];
  });
  const header = ['fault', 'result', 'differing', 'killed by (confirmed against a clean re-run)'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] as number))).join('  ');
  const killed = outcomes.filter((o) => o.killed).length;
  return [line(header), ...rows.map(line), `mutation score: ${killed}/${outcomes.length} faults killed`].join('\n');
}
