// Baselines: the recorded non-pass outcomes of one implementation, each with its reason. A run
// gates on differences from them — a new failure, a recorded failure that now passes, an id the
// suite does not know — not on the known quirks themselves.
import { readFileSync } from 'node:fs';
import { HarnessError } from '../errors.js';
import { loadSpecs } from '../specs/index.js';
import type { CheckResult } from './result.js';
import type { VerdictStatus } from './verdict.js';

export type RecordedStatus = Exclude<VerdictStatus, 'pass' | 'not-applicable'>;

export interface BaselineEntry {
  status: RecordedStatus;
  reason: string;
  /** A deviation id from specs/deviations.json, when the outcome is a known upstream quirk. */
  deviation?: string;
}

export interface Baseline {
  $schema?: string;
  implementation: string;
  protocol: string;
  /** Every case absent here must pass (or not apply). */
  cases: Record<string, BaselineEntry>;
}

export interface BaselineComparison {
  /** A case that now ends differently from its record (or fails with no record). */
  regressions: Array<{ id: string; expected: RecordedStatus | 'pass'; got: VerdictStatus; message: string }>;
  /** A recorded failure that now passes or no longer applies: the record should go. */
  stale: Array<{ id: string; expected: RecordedStatus; got: VerdictStatus }>;
  /** Recorded ids the suite has no case for. */
  unknown: string[];
  /** Non-pass outcomes that equal their record. */
  expected: string[];
  /** Cases recorded as flaky: run, reported, never gating. */
  flaky: string[];
}

export function readBaseline(file: string): Baseline {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new HarnessError('PC_BASELINE', `cannot read baseline ${file}: ${(error as Error).message}`, { cause: error });
  }
  const result = loadSpecs().validateBaseline(json);
  if (!result.ok) throw new HarnessError('PC_BASELINE', `baseline ${file} is invalid: ${result.errors.slice(0, 3).join('; ')}`);
  return json as Baseline;
}

/** `suiteIds` is every case id the suite knows (selected or not): records for unselected cases are not stale. */
export function compareToBaseline(results: readonly CheckResult[], baseline: Baseline, suiteIds: ReadonlySet<string>): BaselineComparison {
  const comparison: BaselineComparison = { regressions: [], stale: [], unknown: [], expected: [], flaky: [] };
  for (const r of results) {
    const entry = baseline.cases[r.id];
    const got = r.verdict.status;
    const ok = got === 'pass' || got === 'not-applicable';
    if (entry === undefined) {
      if (!ok) comparison.regressions.push({ id: r.id, expected: 'pass', got, message: messageOf(r) });
    } else if (ok) {
      comparison.stale.push({ id: r.id, expected: entry.status, got });
    } else if (entry.status !== got) {
      comparison.regressions.push({ id: r.id, expected: entry.status, got, message: messageOf(r) });
    } else {
      comparison.expected.push(r.id);
    }
  }
  comparison.unknown = Object.keys(baseline.cases).filter((id) => !suiteIds.has(id));
  return comparison;
}

/** A baseline that records exactly the run's non-pass outcomes, keeping earlier reasons. */
export function makeBaseline(results: readonly CheckResult[], implementation: string, protocol: string, previous?: Baseline): Baseline {
  const cases: Record<string, BaselineEntry> = {};
  for (const r of results) {
    const status = r.verdict.status;
    if (status === 'pass' || status === 'not-applicable') continue;
    const before = previous?.cases[r.id];
    cases[r.id] = before?.status === status ? before : { status, reason: `TODO: explain (${messageOf(r)})` };
  }
  return { $schema: '../baseline.schema.json', implementation, protocol, cases };
}

function messageOf(r: CheckResult): string {
  return 'message' in r.verdict ? r.verdict.message : r.verdict.status;
}
