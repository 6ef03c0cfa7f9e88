// The suite's strength, measured: run it against the reference proxy once clean and once per
// fault. A fault is killed when some case ends differently from the clean run; a surviving fault
// means a missing or weak case.
import { ONE_PROCESS_PER_SESSION, type SessionProcesses } from '../launch/session-processes.js';
import { setMaxListeners } from 'node:events';
import type { CheckDefinition } from '../checks/types.js';
import type { HarnessConfig } from '../config.js';
import { runSuite } from '../run/run-suite.js';
import { makeServerRole } from '../run/server-role.js';
import { runCase } from '../run/run-case.js';
import { didNotPass, KillConfirmation, settleCleanStatuses } from './confirm-kills.js';
import { expectedToWait } from '../run/expected-waits.js';
import type { SuiteImages } from '../images/suite-images.js';
import type { CaseResult } from '../verdicts/result.js';
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
  /** Ctrl-C came before the fault was killed: it is neither killed nor survived. */
  interrupted: boolean;
}

const CONFIRMED_KILLS = 3;

interface MutationInput {
  /** The clean reference proxy; a fault's spec appends `--fault NAME` to its args. */
  spec: LaunchSpec;
  /** Where the sessions' processes come from (the command's session hosts; default a process each). */
  processes?: SessionProcesses;
  faults: readonly string[];
  checks: readonly CheckDefinition[];
  images: Partial<SuiteImages>;
  /** The run's registry, for the registry cases (default: none). */
  registry?: RunRegistry;
  config: HarnessConfig;
  jobs: number;
  /**
   * Faults run at once (default 1). A fault's run mostly waits (on hangs, exits, teardowns), so with
   * session hosts several overlap on the same cores; outcomes still come in the order given.
   */
  faultsAtOnce?: number;
  signal: AbortSignal;
  /**
   * Stop a fault's run at its first killing case (fast enough for CI); the table then names one
   * killer, and the cases that killed earlier faults run first.
   */
  firstKill?: boolean;
  onFault?: (outcome: FaultOutcome) => void;
}

interface MutationResult {
  clean: CaseResult[];
  /** Cases that do not pass on the clean proxy (its own baseline). */
  cleanNonPass: string[];
  outcomes: FaultOutcome[];
}

export async function runMutationScore(input: MutationInput): Promise<MutationResult> {
  const { spec, faults, checks, images, config, jobs, signal } = input;
  const processes = input.processes ?? ONE_PROCESS_PER_SESSION;
  const registry = input.registry !== undefined ? { registry: input.registry } : {};
  const cleanRun = await runSuite({ spec, processes, checks, images, ...registry, config, signal, jobs });
  if (signal.aborted && cleanRun.results.length === 0) return { clean: [], cleanNonPass: [], outcomes: [] };
  if (cleanRun.preflightError !== null) throw new Error(`the clean reference proxy could not be initialized: ${cleanRun.preflightError}`);
  // Kills are confirmed against the clean proxy, whose protocol version the clean run's preflight found.
  const cleanRole = makeServerRole({ spec, processes, images, ...registry, config, protocolVersion: cleanRun.implementation.protocolVersion as string });
  const byId = new Map(checks.map((c) => [c.id, c]));
  const cleanRerun = async (id: string) => (await runCase(byId.get(id) as CheckDefinition, cleanRole, signal)).verdict.status;
  const cleanStatus = await settleCleanStatuses(new Map(cleanRun.results.map((r) => [r.id, r.verdict.status])), cleanRerun, jobs);
  /**
   * The order a --first-kill run tries the cases in: those that killed earlier faults first (a golden
   * manifest, a blob read to the end kill many), then the quickest on the clean proxy, so that the
   * first kill comes after as little work as possible.
   */
  const kills = new Map<string, number>();
  const confirmation = new KillConfirmation(cleanRerun);
  const cleanMs = new Map(cleanRun.results.map((r) => [r.id, r.durationMs]));
  const killersFirst = (): CheckDefinition[] =>
    [...checks].sort((a, b) => (kills.get(b.id) ?? 0) - (kills.get(a.id) ?? 0) || (cleanMs.get(a.id) ?? 0) - (cleanMs.get(b.id) ?? 0));
  /** One run of the suite with the fault; each differing case confirmed against a clean re-run (three at most). */
  const runWithFault = async (fault: string, firstKill: boolean) => {
    const stop = new AbortController();
    // Watched by every session of the fault's run, as the run's own signal is.
    const runSignal = AbortSignal.any([signal, stop.signal]);
    setMaxListeners(0, runSignal);
    const killedBy: FaultOutcome['killedBy'] = [];
    const run = await runSuite({
      spec: { ...spec, args: [...spec.args, '--fault', fault] },
      processes,
      checks: firstKill ? killersFirst() : checks,
      images,
      ...registry,
      config,
      jobs,
      // Cases that wait out a deadline on the clean proxy start first: their waits overlap the rest.
      ...(firstKill ? {} : { startFirst: (c: CheckDefinition) => expectedToWait(c, cleanStatus.get(c.id)) }),
      signal: runSignal,
      onResult: (r) => {
        // Cases cut short by the stop below or by Ctrl-C end oddly; only outcomes before it count.
        if (runSignal.aborted || r.verdict.status === 'interrupted' || r.verdict.status === cleanStatus.get(r.id)) return;
        killedBy.push({ id: r.id, clean: cleanStatus.get(r.id) ?? 'pass', faulty: r.verdict.status, message: 'message' in r.verdict ? r.verdict.message : r.verdict.status });
        if (firstKill) stop.abort();
      },
    });
    // Cases report as they finish; the table lists them in suite order, as a run of one job would.
    killedBy.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    // Three confirmed kills are enough to name; the rest are counted as differing.
    const confirmed: FaultOutcome['killedBy'] = [];
    for (const kill of killedBy) {
      if (signal.aborted || confirmed.length >= CONFIRMED_KILLS) break;
      const real = await confirmation.confirm(kill);
      if (real === null) break;
      if (real) confirmed.push(kill);
    }
    for (const kill of confirmed) kills.set(kill.id, (kills.get(kill.id) ?? 0) + 1);
    return { killedBy, confirmed, preflightError: run.preflightError };
  };
  const scoreFault = async (fault: string): Promise<FaultOutcome> => {
    const started = performance.now();
    let attempt = await runWithFault(fault, input.firstKill === true);
    // A first difference that the clean re-run does not confirm was noise, and it stopped the run:
    // look again over the whole suite, so that noise cannot make a fault survive.
    if (input.firstKill && attempt.confirmed.length === 0 && attempt.killedBy.length > 0 && attempt.preflightError === null && !signal.aborted) {
      attempt = await runWithFault(fault, false);
    }
    const killed = attempt.confirmed.length > 0 || (attempt.preflightError !== null && !signal.aborted);
    return {
      fault,
      killed,
      interrupted: !killed && signal.aborted,
      killedBy: attempt.confirmed,
      differing: attempt.killedBy.length,
      wallMs: performance.now() - started,
      preflightError: killed ? attempt.preflightError : null,
    };
  };
  const order = new Map(checks.map((c, i) => [c.id, i]));
  const outcomes = await inOrder(faults, Math.max(1, input.faultsAtOnce ?? 1), signal, scoreFault, (o) => input.onFault?.(o));
  return {
    clean: cleanRun.results,
    cleanNonPass: [...cleanStatus].filter(([, status]) => didNotPass(status)).map(([id]) => id),
    outcomes,
  };
}

/**
 * Runs `work` over `items`, `atOnce` at a time, until `signal` aborts; each result is reported (and
 * returned) in the items' order, as soon as every earlier one is in.
 */
async function inOrder<T, R>(items: readonly T[], atOnce: number, signal: AbortSignal, work: (item: T) => Promise<R>, report: (result: R) => void): Promise<R[]> {
  const results: Array<R | undefined> = new Array(items.length);
  let next = 0;
  let reported = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !signal.aborted) {
      const index = next++;
      results[index] = await work(items[index] as T);
      while (reported < items.length && results[reported] !== undefined) report(results[reported++] as R);
    }
  };
  await Promise.all(Array.from({ length: Math.min(atOnce, items.length) }, worker));
  return results.slice(0, reported) as R[];
}

/** A fault's word: killed, SURVIVED, or interrupted (Ctrl-C came before it was killed). */
export function faultResult(o: FaultOutcome): string {
  return o.killed ? 'killed' : o.interrupted ? 'interrupted' : 'SURVIVED';
}

/**
 * One table row per fault: killed, SURVIVED or interrupted, how many cases caught it, the first few
 * ids; `of` faults were asked for, so an interrupted score says how many it never reached.
 */
export function formatMutationTable(outcomes: readonly FaultOutcome[], of = outcomes.length): string {
  const rows = outcomes.map((o) => {
    const ids = o.preflightError !== null ? `(preflight: ${o.preflightError.slice(0, 60)})` : o.killedBy.map((k) => k.id).join(', ');
    return [o.fault, faultResult(o), String(o.differing), ids];
  });
  const header = ['fault', 'result', 'differing', 'killed by (confirmed against a clean re-run)'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] as number))).join('  ');
  const killed = outcomes.filter((o) => o.killed).length;
  const survived = outcomes.filter((o) => !o.killed && !o.interrupted).length;
  const unscored = of - killed - survived;
  const score = unscored > 0 ? `mutation score: interrupted: ${killed} killed, ${survived} survived, ${unscored} of ${of} faults not scored` : `mutation score: ${killed}/${of} faults killed`;
  return [line(header), ...rows.map(line), score].join('\n');
}
