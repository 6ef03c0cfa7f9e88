// A verdict is a discriminated union, and its statuses have one order, mildest first: counts, the
// exit code and every report's lists derive from VERDICT_STATUSES.
import type { ExitStatus } from '../launch/process.js';

export type Verdict =
  | { status: 'pass' }
  /** `environment`: the run's set-up (no registry), not the implementation, kept the case from running. */
  | { status: 'not-applicable'; reason: string; environment?: true }
  | { status: 'fail'; message: string }
  | { status: 'hang'; message: string; pending: string; waitedMs: number }
  | { status: 'crash'; message: string; exit: ExitStatus; stderrTail: string }
  | { status: 'harness-error'; message: string; code: string }
  /** The run's interrupt (Ctrl-C) cut the case short: `pending` is what it was waiting for, after `ranMs`. */
  | { status: 'interrupted'; message: string; pending: string; ranMs: number };

/**
 * Every status, mildest first. harness-error ranks above the failures because the run itself cannot
 * be trusted; interrupted above all, because the run did not finish.
 */
export const VERDICT_STATUSES = ['pass', 'not-applicable', 'fail', 'hang', 'crash', 'harness-error', 'interrupted'] as const;

type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? A : never) : never;

/** Never when VERDICT_STATUSES and the Verdict union disagree, which breaks every use at compile time. */
export type VerdictStatus = Exact<Verdict['status'], (typeof VERDICT_STATUSES)[number]>;

/** Severity: a status's place in VERDICT_STATUSES. */
export const VERDICT_RANK = Object.fromEntries(VERDICT_STATUSES.map((status, rank) => [status, rank])) as Record<VerdictStatus, number>;

/** The statuses of a case that holds: it passed, or it does not apply to the implementation. */
const PASSING: ReadonlySet<VerdictStatus> = new Set(['pass', 'not-applicable']);

/** The statuses that count as failed: the implementation (or the harness) did not do what the case demands. */
const FAILURES: ReadonlySet<VerdictStatus> = new Set(['fail', 'hang', 'crash', 'harness-error']);

export function isPassing(status: VerdictStatus): boolean {
  return PASSING.has(status);
}

export function isFailure(status: VerdictStatus): boolean {
  return FAILURES.has(status);
}

export function worstVerdict(a: Verdict, b: Verdict): Verdict {
  return VERDICT_RANK[b.status] > VERDICT_RANK[a.status] ? b : a;
}

/** The most severe of `statuses`; pass for none. */
export function worstStatus(statuses: Iterable<VerdictStatus>): VerdictStatus {
  let worst: VerdictStatus = 'pass';
  for (const s of statuses) if (VERDICT_RANK[s] > VERDICT_RANK[worst]) worst = s;
  return worst;
}

/** Thrown inside a check to end it with a verdict; the runner turns it back into data. */
export class VerdictSignal extends Error {
  readonly verdict: Verdict;
  constructor(verdict: Verdict) {
    super('message' in verdict ? verdict.message : verdict.status);
    this.name = 'VerdictSignal';
    this.verdict = verdict;
  }
}
