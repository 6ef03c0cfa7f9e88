// A verdict is a discriminated union, ordered by severity: a case's verdict is the worst of its
// checks, and exit codes and reporters derive from it.
import type { ExitStatus } from '../launch/implementation.js';

export type Verdict =
  | { status: 'pass' }
  | { status: 'not-applicable'; reason: string }
  | { status: 'fail'; message: string }
  | { status: 'hang'; message: string; pending: string; waitedMs: number }
  | { status: 'crash'; message: string; exit: ExitStatus; stderrTail: string }
  | { status: 'harness-error'; message: string; code: string };

export type VerdictStatus = Verdict['status'];

/** Severity order; harness-error ranks above fail because the run itself cannot be trusted. */
export const VERDICT_RANK: Record<VerdictStatus, number> = {
  pass: 0,
  'not-applicable': 1,
  fail: 2,
  hang: 3,
  crash: 4,
  'harness-error': 5,
};

export function worstVerdict(a: Verdict, b: Verdict): Verdict {
  return VERDICT_RANK[b.status] > VERDICT_RANK[a.status] ? b : a;
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
