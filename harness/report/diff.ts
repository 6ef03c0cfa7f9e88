// Two report documents compared case by case: what broke, what was fixed, what fails another way.
// Every difference of status is exactly one of: regression (did not fail → fails), fix (did not
// pass → passes), changed (any other move, e.g. fail → crash, fail → n/a, pass → n/a).
import { isFailure, type Verdict, type VerdictStatus } from '../verdicts/verdict.js';
import type { CaseRecord, ImplementationRun, ReportDocument } from './model.js';

interface CaseChange {
  id: string;
  before: VerdictStatus;
  after: VerdictStatus;
  /** What the second report says of the case (its failure message or n/a reason), when anything. */
  detail?: string;
}

interface CaseOnOneSide {
  id: string;
  status: VerdictStatus;
}

interface ImplementationRef {
  label: string;
  executable: string;
}

interface ImplementationDiff extends ImplementationRef {
  /** The label in the first report, when it differs (the runs were matched by executable). */
  labelBefore?: string;
  regressions: CaseChange[];
  fixes: CaseChange[];
  changed: CaseChange[];
  /** Cases only the second report has, and only the first. */
  added: CaseOnOneSide[];
  removed: CaseOnOneSide[];
}

interface ReportDiff {
  implementations: ImplementationDiff[];
  onlyInA: ImplementationRef[];
  onlyInB: ImplementationRef[];
  totals: { regressions: number; fixes: number; changed: number };
}

/** Compares `b` (the newer) against `a`; implementations are matched by label, then by executable. */
export function diffReports(a: ReportDocument, b: ReportDocument): ReportDiff {
  const { pairs, onlyInA, onlyInB } = matchRuns(a.runs, b.runs);
  const implementations = pairs.map(([before, after]) => diffRuns(before, after));
  const sum = (pick: (d: ImplementationDiff) => unknown[]) => implementations.reduce((n, d) => n + pick(d).length, 0);
  return {
    implementations,
    onlyInA: onlyInA.map(refOf),
    onlyInB: onlyInB.map(refOf),
    totals: { regressions: sum((d) => d.regressions), fixes: sum((d) => d.fixes), changed: sum((d) => d.changed) },
  };
}

/** The readable list; its last line is `N regressions, N fixes, N changed`, and how many cases only one side ran. */
export function formatReportDiff(diff: ReportDiff, names: { a: string; b: string }): string {
  const lines: string[] = [];
  for (const d of diff.implementations) {
    const renamed = d.labelBefore !== undefined ? ` (was ${d.labelBefore})` : '';
    const rows = [
      ...d.regressions.map((c) => `  REGRESSION  ${describeChange(c)}`),
      ...d.fixes.map((c) => `  FIX         ${describeChange(c)}`),
      ...d.changed.map((c) => `  CHANGED     ${describeChange(c)}`),
      ...d.added.map((c) => `  ADDED       ${c.id} (${c.status})`),
      ...d.removed.map((c) => `  REMOVED     ${c.id} (was ${c.status})`),
    ];
    lines.push(`${d.label}${renamed} (${d.executable}): ${rows.length === 0 ? 'no differences' : ''}`.trimEnd(), ...rows);
  }
  for (const r of diff.onlyInA) lines.push(`only in ${names.a}: ${r.label} (${r.executable})`);
  for (const r of diff.onlyInB) lines.push(`only in ${names.b}: ${r.label} (${r.executable})`);
  const { regressions, fixes, changed } = diff.totals;
  // Cases only one side ran are no regression, but a summary that hid them would call the runs alike.
  const added = diff.implementations.reduce((n, d) => n + d.added.length, 0);
  const removed = diff.implementations.reduce((n, d) => n + d.removed.length, 0);
  const oneSided = [added > 0 ? `${added} only in ${names.b}` : '', removed > 0 ? `${removed} only in ${names.a}` : ''].filter(Boolean);
  lines.push(`${regressions} regressions, ${fixes} fixes, ${changed} changed${oneSided.length > 0 ? ` (cases run on one side: ${oneSided.join(', ')})` : ''}`);
  return lines.join('\n');
}

function diffRuns(a: ImplementationRun, b: ImplementationRun): ImplementationDiff {
  const diff: ImplementationDiff = {
    ...refOf(b),
    ...(a.implementation.label !== b.implementation.label ? { labelBefore: a.implementation.label } : {}),
    regressions: [],
    fixes: [],
    changed: [],
    added: [],
    removed: [],
  };
  const before = new Map(a.cases.map((c) => [c.id, c]));
  const after = new Set(b.cases.map((c) => c.id));
  for (const c of b.cases) {
    const old = before.get(c.id);
    if (old === undefined) {
      diff.added.push({ id: c.id, status: c.verdict.status });
      continue;
    }
    const change = makeChange(old, c);
    if (change.before === change.after) continue;
    if (!isFailure(change.before) && isFailure(change.after)) diff.regressions.push(change);
    else if (change.after === 'pass') diff.fixes.push(change);
    else diff.changed.push(change);
  }
  for (const c of a.cases) if (!after.has(c.id)) diff.removed.push({ id: c.id, status: c.verdict.status });
  return diff;
}

function makeChange(a: CaseRecord, b: CaseRecord): CaseChange {
  const detail = detailOf(b.verdict);
  return { id: b.id, before: a.verdict.status, after: b.verdict.status, ...(detail !== undefined ? { detail } : {}) };
}

function describeChange(c: CaseChange): string {
  return `${c.id}: ${c.before} → ${c.after}${c.detail !== undefined ? `: ${c.detail}` : ''}`;
}

/** Pairs by label first, so a moved executable keeps its history; what is left pairs by executable. */
function matchRuns(a: readonly ImplementationRun[], b: readonly ImplementationRun[]) {
  const unmatched = new Set(a);
  const partner = new Map<ImplementationRun, ImplementationRun>();
  const claim = (run: ImplementationRun, same: (x: ImplementationRun) => boolean) => {
    const found = [...unmatched].find(same);
    if (found === undefined) return;
    unmatched.delete(found);
    partner.set(run, found);
  };
  for (const run of b) claim(run, (x) => x.implementation.label === run.implementation.label);
  for (const run of b) if (!partner.has(run)) claim(run, (x) => x.implementation.executable === run.implementation.executable);
  const pairs = b.flatMap((run): Array<[ImplementationRun, ImplementationRun]> => {
    const found = partner.get(run);
    return found === undefined ? [] : [[found, run]];
  });
  return { pairs, onlyInA: a.filter((run) => unmatched.has(run)), onlyInB: b.filter((run) => !partner.has(run)) };
}

function refOf(run: ImplementationRun): ImplementationRef {
  return { label: run.implementation.label, executable: run.implementation.executable };
}

function detailOf(verdict: Verdict): string | undefined {
  if ('message' in verdict) return verdict.message;
  if ('reason' in verdict) return verdict.reason;
  return undefined;
}
