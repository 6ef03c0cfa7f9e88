// Baselines: the recorded non-pass outcomes of one implementation, each with its reason. A run
// gates on differences from them — a new failure, a recorded failure that now passes or fails
// another way, an id the suite does not know — not on the known quirks themselves.
import { HarnessError } from '../errors.js';
import { INPUT_LIMITS, readJsonInputFile } from '../files/read-input.js';
import type { TranscriptEvent } from '../protocol/transcript.js';
import { loadSpecs } from '../specs/index.js';
import type { CaseResult } from './result.js';
import { isFailure, isPassing, type VerdictStatus } from './verdict.js';

type RecordedStatus = Exclude<VerdictStatus, 'pass' | 'not-applicable' | 'interrupted'>;

interface EntryFields {
  reason: string;
  /** A deviation id from specs/deviations.json, when the outcome is a known upstream quirk. */
  deviation?: string;
  /** The `error_code` the failing reply must carry (see {@link failingErrorCode}). */
  errorCode?: string;
  /** A regular expression (JavaScript source, no flags) the verdict's message must match. */
  messagePattern?: string;
}

/** A recorded outcome; a flaky entry never gates and may omit the status (its usual bad outcome). */
export type BaselineEntry = EntryFields & ({ status: RecordedStatus; flaky?: false } | { status?: RecordedStatus; flaky: true });

export interface Baseline {
  $schema?: string;
  implementation: string;
  protocol: string;
  /** Every case absent here must pass (or not apply). */
  cases: Record<string, BaselineEntry>;
}

export interface BaselineComparison {
  /** A case that now ends differently from its record (or fails with no record, or fails another way than pinned). */
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
    json = readJsonInputFile(file, INPUT_LIMITS.baseline);
  } catch (error) {
    throw new HarnessError('PC_BASELINE', `cannot read baseline ${file}: ${(error as Error).message}`, { cause: error });
  }
  const result = loadSpecs().validateBaseline(json);
  if (!result.ok) throw new HarnessError('PC_BASELINE', `baseline ${file} is invalid: ${result.errors.slice(0, 3).join('; ')}`);
  const baseline = json as Baseline;
  for (const [id, entry] of Object.entries(baseline.cases)) {
    if (entry.messagePattern !== undefined) makePattern(entry.messagePattern, `baseline ${file}: ${id}`);
  }
  return baseline;
}

/**
 * The `error_code` of the last reply in a transcript that carries a non-empty one: the reply the
 * case failed on. Undefined when no reply has one (protocols before 0.2.8 have no error_code).
 */
export function failingErrorCode(transcript: readonly TranscriptEvent[]): string | undefined {
  for (let i = transcript.length - 1; i >= 0; i--) {
    const event = transcript[i];
    if (event?.event !== 'recv' || event.text === undefined || event.truncated) continue;
    const code = errorCodeOf(event.text);
    if (code !== undefined) return code;
  }
  return undefined;
}

/**
 * `suiteIds` is every case id the suite knows (selected or not): records for unselected cases are not
 * stale. An interrupted case has no outcome to compare, like a case that did not run.
 */
export function compareToBaseline(results: readonly CaseResult[], baseline: Baseline, suiteIds: ReadonlySet<string>): BaselineComparison {
  const comparison: BaselineComparison = { regressions: [], stale: [], unknown: [], expected: [], flaky: [] };
  for (const r of results.filter(hasOutcome)) {
    const entry = baseline.cases[r.id];
    const got = r.verdict.status;
    if (r.notRun === true) {
      // A case that never ran proves nothing: it never matches a record, flaky or not.
      comparison.regressions.push({ id: r.id, expected: entry?.status ?? 'pass', got, message: messageOf(r) });
    } else if (entry !== undefined && isEnvironmentNotApplicable(r)) {
      // The run's set-up kept the case from running: its record is neither met nor stale.
    } else if (entry?.flaky === true) {
      comparison.flaky.push(r.id);
    } else if (entry === undefined) {
      if (!isPassing(got)) comparison.regressions.push({ id: r.id, expected: 'pass', got, message: messageOf(r) });
    } else if (isPassing(got)) {
      comparison.stale.push({ id: r.id, expected: entry.status, got });
    } else if (entry.status !== got) {
      comparison.regressions.push({ id: r.id, expected: entry.status, got, message: messageOf(r) });
    } else {
      const differs = describePinMismatch(entry, r);
      if (differs === undefined) comparison.expected.push(r.id);
      else comparison.regressions.push({ id: r.id, expected: entry.status, got, message: differs });
    }
  }
  comparison.unknown = Object.keys(baseline.cases).filter((id) => !suiteIds.has(id));
  return comparison;
}

/**
 * A baseline that records exactly the run's non-pass outcomes. An entry whose status is unchanged
 * keeps its reason, deviation and pins (a pin the run no longer meets is dropped); flaky entries
 * and the entries of cases the run did not report (interrupted, or n/a for want of a registry) are
 * kept as they were. A new record takes the reason, deviation and flaky mark of the release's
 * shipped record when the result matches it; a case with no record that the environment made n/a
 * takes the shipped record whole, as a shipped flaky record is. Nothing is pinned anew. `$schema` is
 * the reference from where the file is now (`schema`), never an older file's. Never call it for a run
 * whose implementation did not start (see {@link neverStarted}).
 */
export function makeBaseline(allResults: readonly CaseResult[], implementation: string, protocol: string, previous?: Baseline, known?: { baseline: Baseline }, schema = '../baseline.schema.json'): Baseline {
  const cases: Record<string, BaselineEntry> = {};
  const results = allResults.filter((r) => hasOutcome(r) && !(previous?.cases[r.id] !== undefined && isEnvironmentNotApplicable(r)));
  for (const r of results) {
    const status = r.verdict.status;
    const before = previous?.cases[r.id];
    const shipped = known?.baseline.cases[r.id];
    if (before?.flaky === true) cases[r.id] = before;
    else if (before === undefined && shipped?.flaky === true) cases[r.id] = { ...shipped };
    // The environment kept the case from running (no registry): the release's shipped record stands in for its outcome.
    else if (before === undefined && shipped !== undefined && isEnvironmentNotApplicable(r)) cases[r.id] = { ...shipped };
    else if (!isRecordable(status)) continue;
    else if (before?.status === status) cases[r.id] = withoutBrokenPins(before, r);
    else cases[r.id] = fromKnown(shipped, r) ?? { status, reason: `TODO: explain (${messageOf(r)})` };
  }
  const reported = new Set(results.map((r) => r.id));
  for (const [id, entry] of Object.entries(previous?.cases ?? {})) if (!reported.has(id)) cases[id] = entry;
  // $schema is where the schema is from the file now, whatever an older file said (it may have moved).
  return { $schema: schema, implementation: previous?.implementation ?? implementation, protocol, cases };
}

/** True when no case of the run reached the implementation: it could not be started or initialized. */
export function neverStarted(results: readonly CaseResult[]): boolean {
  return results.length > 0 && results.every((r) => r.notRun === true || r.verdict.status === 'interrupted');
}

/** True when a result ends exactly as a (non-flaky) record says: the same status and every pin met. */
export function matchesRecord(entry: BaselineEntry, r: CaseResult): boolean {
  return r.notRun !== true && entry.flaky !== true && entry.status === r.verdict.status && describePinMismatch(entry, r) === undefined;
}

/** A new record's reason and deviation taken from the release's shipped record, when the result matches it. */
function fromKnown(entry: BaselineEntry | undefined, r: CaseResult): BaselineEntry | undefined {
  if (entry === undefined || entry.deviation === undefined || !matchesRecord(entry, r) || !isRecordable(r.verdict.status)) return undefined;
  return { status: r.verdict.status, reason: entry.reason, deviation: entry.deviation };
}

function describePinMismatch(entry: BaselineEntry, r: CaseResult): string | undefined {
  if (entry.errorCode !== undefined) {
    const code = failingErrorCode(r.transcript);
    if (code !== entry.errorCode) return `fails differently: expected error_code ${entry.errorCode}, got ${code ?? 'none'} (${messageOf(r)})`;
  }
  if (entry.messagePattern !== undefined && !makePattern(entry.messagePattern, r.id).test(messageOf(r))) {
    return `fails differently: message does not match /${entry.messagePattern}/ (${messageOf(r)})`;
  }
  return undefined;
}

function withoutBrokenPins(entry: BaselineEntry, r: CaseResult): BaselineEntry {
  const kept = { ...entry };
  if (kept.errorCode !== undefined && failingErrorCode(r.transcript) !== kept.errorCode) delete kept.errorCode;
  if (kept.messagePattern !== undefined && !makePattern(kept.messagePattern, r.id).test(messageOf(r))) delete kept.messagePattern;
  return kept;
}

function makePattern(source: string, where: string): RegExp {
  try {
    return new RegExp(source);
  } catch (error) {
    throw new HarnessError('PC_BASELINE', `${where}: messagePattern ${JSON.stringify(source)} is not a regular expression: ${(error as Error).message}`, { cause: error });
  }
}

function errorCodeOf(text: string): string | undefined {
  try {
    const reply: unknown = JSON.parse(text);
    const code = typeof reply === 'object' && reply !== null ? (reply as { error_code?: unknown }).error_code : undefined;
    return typeof code === 'string' && code !== '' ? code : undefined;
  } catch {
    return undefined;
  }
}

function isEnvironmentNotApplicable(r: CaseResult): boolean {
  return r.verdict.status === 'not-applicable' && r.verdict.environment === true;
}

function hasOutcome(r: CaseResult): boolean {
  return r.verdict.status !== 'interrupted';
}

/** Only failures are recorded: a passing case needs no record. */
function isRecordable(status: VerdictStatus): status is RecordedStatus {
  return isFailure(status);
}

function messageOf(r: CaseResult): string {
  return 'message' in r.verdict ? r.verdict.message : r.verdict.status;
}
