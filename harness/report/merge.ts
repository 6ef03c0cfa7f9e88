// The results of the shards of one run (`--shard i/n` on several machines) as one report document.
// Only the shards of one run merge: the same tool version, suite digest, fixture seed, selection
// (--run, --skip, --level), --fail-on, registry and implementations, each a distinct shard of the same count.
import { HarnessError } from '../errors.js';
import { describeImplementation, implementationKey } from './implementation-identity.js';
import { mergeCoverageRecords } from '../coverage/merge-records.js';
import { DEFAULT_FAIL_ON } from '../verdicts/fail-on.js';
import type { Verdict } from '../verdicts/verdict.js';
import type { BaselineOutcome, BaselineSummary, CaseRecord, ImplementationRun, ReportDocument, RunConfiguration, RunRegistryState } from './model.js';

interface Part {
  run: ImplementationRun;
  file: string;
}

/**
 * Merges shard documents; `files` names them (same order) for messages and `mergedFrom`.
 * Implementations are matched by what they are (implementationKey; the first label is kept). Shards split
 * cases by a hash of the id, so no file knows the suite order: groups keep the order the files
 * agree on, and within a group cases are sorted by id.
 */
export function mergeReports(docs: readonly ReportDocument[], files: readonly string[]): ReportDocument {
  const [first] = docs;
  if (first === undefined) throw new HarnessError('PC_USAGE', 'merge needs at least one results.json');
  if (files.length !== docs.length) throw new HarnessError('PC_INTERNAL', `mergeReports got ${docs.length} documents and ${files.length} file names`);
  docs.forEach((doc, i) => validateSameRun(first, doc, files[0]!, files[i]!));
  const registry = validateSameRegistry(docs, files);
  validateShardSet(docs, files);

  const parts = new Map<string, Part[]>();
  docs.forEach((doc, i) => {
    for (const run of doc.runs) {
      const key = implementationKey(run.implementation);
      parts.set(key, [...(parts.get(key) ?? []), { run, file: files[i]! }]);
    }
  });

  return {
    format: first.format,
    startedAt: earliest(docs.map((d) => d.startedAt)),
    durationMs: Math.max(...docs.map((d) => d.durationMs)),
    environment: first.environment,
    configuration: {
      ...first.configuration,
      shard: null,
      selectedCases: docs.reduce((n, d) => n + d.configuration.selectedCases, 0),
      ...(registry !== undefined ? { registry } : {}),
    },
    runs: [...parts.values()].map(mergeRuns),
    mergedFrom: [...files],
    ...(docs.some((d) => d.interrupted) ? { interrupted: { notRun: docs.reduce((n, d) => n + (d.interrupted?.notRun ?? 0), 0) } } : {}),
  };
}

function validateSameRun(first: ReportDocument, doc: ReportDocument, firstFile: string, file: string): void {
  const refuse = (what: string) => new HarnessError('PC_USAGE', `${file} ${what}: only the shards of one run merge`);
  const [v0, v] = [first.environment.tool.version, doc.environment.tool.version];
  if (v !== v0) throw refuse(`was written by proxy-conformance ${v} and ${firstFile} by ${v0}`);
  const [s0, s] = [first.configuration.fixtureSeed, doc.configuration.fixtureSeed];
  if (s !== s0) throw refuse(`used fixture seed ${s} and ${firstFile} seed ${s0}`);
  const [d0, d] = [first.configuration.suiteDigest, doc.configuration.suiteDigest];
  if (d !== d0) throw refuse(`ran another suite than ${firstFile} (suite digest ${d}, not ${d0})`);
  const [c0, c] = [selectionOf(first.configuration), selectionOf(doc.configuration)];
  if (c !== c0) throw refuse(`selected ${c} and ${firstFile} ${c0}`);
  // Results written before --fail-on was recorded gated every failure.
  const [f0, f] = [first.configuration.failOn ?? DEFAULT_FAIL_ON, doc.configuration.failOn ?? DEFAULT_FAIL_ON];
  if (f !== f0) throw refuse(`was gated with --fail-on ${f} and ${firstFile} with --fail-on ${f0}`);
  const [i0, i] = [implementationsOf(first), implementationsOf(doc)];
  if (i.keys.join('\n') !== i0.keys.join('\n')) throw refuse(`ran ${i.names.join(', ')} and ${firstFile} ran ${i0.names.join(', ')}`);
}

/** A run's selection in its flags' words (patterns sorted: their order selects nothing else). */
function selectionOf(c: RunConfiguration): string {
  const flags = [...[...c.run].sort().map((p) => `--run ${p}`), ...[...c.skip].sort().map((p) => `--skip ${p}`), c.level !== null ? `--level ${c.level}` : ''].filter(Boolean);
  return flags.length > 0 ? flags.join(' ') : 'the whole suite';
}

/**
 * Shards whose registry cases ran with a registry and shards whose ran without one are two runs; a
 * shard that selected no registry case says nothing either way. Returns the merge's registry.
 */
function validateSameRegistry(docs: readonly ReportDocument[], files: readonly string[]): RunRegistryState | undefined {
  const said = (doc: ReportDocument) => doc.configuration.registry === 'ran' || doc.configuration.registry === 'absent';
  const k = docs.findIndex(said);
  if (k < 0) return docs.some((d) => d.configuration.registry === 'not-needed') ? 'not-needed' : undefined;
  const first = docs[k]!.configuration.registry!;
  const how = (r: RunRegistryState) => (r === 'ran' ? 'with' : 'without');
  docs.forEach((doc, i) => {
    const r = doc.configuration.registry;
    if (said(doc) && r !== first) throw new HarnessError('PC_USAGE', `${files[i]} ran its registry cases ${how(r!)} a registry and ${files[k]} ${how(first)} one: only the shards of one run merge`);
  });
  return first;
}

function implementationsOf(doc: ReportDocument): { keys: string[]; names: string[] } {
  return { keys: doc.runs.map((r) => implementationKey(r.implementation)).sort(), names: doc.runs.map((r) => describeImplementation(r.implementation)) };
}

/** Every file a distinct shard i/n of one n, and all n of them: a merged report claims the whole run. */
function validateShardSet(docs: readonly ReportDocument[], files: readonly string[]): void {
  const refuse = (sentence: string) => new HarnessError('PC_USAGE', `${sentence}: only the shards of one run merge`);
  const seen = new Map<number, string>();
  let count: number | undefined;
  docs.forEach((doc, i) => {
    const shard = doc.configuration.shard;
    if (shard === null) throw refuse(`${files[i]} is not a shard (it was run without --shard)`);
    count ??= shard.count;
    if (shard.count !== count) throw refuse(`${files[i]} is shard ${shard.index}/${shard.count} and ${files[0]} of ${count} shards`);
    const other = seen.get(shard.index);
    if (other !== undefined) throw refuse(`${files[i]} and ${other} are both shard ${shard.index}/${count}`);
    seen.set(shard.index, files[i]!);
  });
  const missing = Array.from({ length: count ?? 0 }, (_, k) => k + 1).filter((k) => !seen.has(k));
  if (missing.length > 0) throw refuse(`shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${count}`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing`);
}

function mergeRuns(parts: readonly Part[]): ImplementationRun {
  const { run: first } = parts[0]!;
  const seenIn = new Map<string, string>();
  for (const { run, file } of parts) {
    for (const c of run.cases) {
      const other = seenIn.get(c.id);
      if (other !== undefined) throw new HarnessError('PC_USAGE', `case ${c.id} of ${first.implementation.label} is in both ${other} and ${file}: a shard was given twice or the shards overlap`);
      seenIn.set(c.id, file);
    }
  }
  const groups = mergeOrders(parts.map(({ run }) => run.cases.map((c) => c.group)));
  const rank = new Map(groups.map((g, i) => [g, i]));
  const cases = parts
    .flatMap(({ run }) => run.cases)
    .sort((a, b) => rank.get(a.group)! - rank.get(b.group)! || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    implementation: first.implementation,
    preflightError: parts.find(({ run }) => run.preflightError !== null)?.run.preflightError ?? null,
    startedAt: earliest(parts.map(({ run }) => run.startedAt)),
    durationMs: Math.max(...parts.map(({ run }) => run.durationMs)),
    cases,
    baseline: mergeBaselines(parts, cases),
    ...mergeInterruptions(parts.map(({ run }) => run)),
    ...mergeCoverage(parts),
  };
}

/** With --coverage, every shard's record of the implementation as one (coverage/merge-records.ts). */
function mergeCoverage(parts: readonly Part[]): Pick<ImplementationRun, 'coverage'> {
  const label = parts[0]!.run.implementation.label;
  const withRecord = parts.filter(({ run }) => run.coverage !== undefined);
  if (withRecord.length === 0) return {};
  const without = parts.find(({ run }) => run.coverage === undefined);
  if (without !== undefined) throw new HarnessError('PC_USAGE', `${withRecord[0]!.file} has coverage of ${label} and ${without.file} none (run without --coverage): only the shards of one run merge`);
  return { coverage: mergeCoverageRecords(label, withRecord.map(({ run, file }) => ({ file, record: run.coverage! }))) };
}

/** Interrupted when any shard was: the cases that did not run in all of them. */
function mergeInterruptions(runs: readonly ImplementationRun[]): Pick<ImplementationRun, 'interrupted'> {
  const cut = runs.filter((run) => run.interrupted !== undefined);
  return cut.length === 0 ? {} : { interrupted: { notRun: cut.flatMap((run) => run.interrupted!.notRun) } };
}

/** The summary again from the merged cases, in their order; a case without a baseline field takes its shard summary's word. */
function mergeBaselines(parts: readonly Part[], cases: readonly CaseRecord[]): BaselineSummary | null {
  const label = parts[0]!.run.implementation.label;
  const withBaseline = parts.filter(({ run }) => run.baseline !== null);
  const firstSummary = withBaseline[0]?.run.baseline;
  if (firstSummary === undefined || firstSummary === null) return null;
  for (const { run, file } of parts) {
    if (run.baseline?.file !== firstSummary.file) {
      throw new HarnessError('PC_USAGE', `${file} compared ${label} to ${run.baseline?.file ?? 'no baseline'}, ${withBaseline[0]!.file} to ${firstSummary.file}: only the shards of one run merge`);
    }
  }
  const summaries = withBaseline.map(({ run }) => run.baseline!);
  const fromSummaries = new Map<string, BaselineOutcome>();
  for (const s of summaries) {
    for (const id of s.expected) fromSummaries.set(id, 'expected');
    for (const r of s.regressions) fromSummaries.set(r.id, 'regression');
    for (const x of s.stale) fromSummaries.set(x.id, 'stale');
    for (const id of s.flaky) fromSummaries.set(id, 'flaky');
  }
  const regressionMessages = new Map(summaries.flatMap((s) => s.regressions.map((r) => [r.id, r.message] as const)));
  const merged: BaselineSummary = {
    file: firstSummary.file,
    implementation: firstSummary.implementation,
    regressions: [],
    stale: [],
    unknown: [...new Set(summaries.flatMap((s) => s.unknown))],
    expected: [],
    flaky: [],
  };
  for (const c of cases) {
    const got = c.verdict.status;
    const recorded = c.baseline?.recorded;
    switch (c.baseline?.outcome ?? fromSummaries.get(c.id)) {
      case 'regression':
        merged.regressions.push({ id: c.id, expected: recorded ?? 'pass', got, message: regressionMessages.get(c.id) ?? messageOf(c.verdict) });
        break;
      case 'stale':
        merged.stale.push({ id: c.id, expected: recorded ?? 'unrecorded', got });
        break;
      case 'expected':
        merged.expected.push(c.id);
        break;
      case 'flaky':
        merged.flaky.push(c.id);
        break;
      default:
        break;
    }
  }
  return merged;
}

/**
 * One order consistent with every sequence where they agree (each shard sees the suite's groups in
 * suite order, some missing); ties and contradictions go to the element seen first.
 */
export function mergeOrders(sequences: ReadonlyArray<readonly string[]>): string[] {
  const before = new Map<string, Set<string>>();
  for (const sequence of sequences) {
    const distinct = [...new Set(sequence)];
    distinct.forEach((item, i) => {
      const set = before.get(item) ?? new Set<string>();
      if (i > 0) set.add(distinct[i - 1]!);
      before.set(item, set);
    });
  }
  const remaining = [...before.keys()];
  const placed = new Set<string>();
  while (remaining.length > 0) {
    const ready = remaining.findIndex((item) => [...before.get(item)!].every((p) => placed.has(p)));
    const [next] = remaining.splice(Math.max(ready, 0), 1);
    placed.add(next!);
  }
  return [...placed];
}

function earliest(times: readonly string[]): string {
  return times.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
}

function messageOf(verdict: Verdict): string {
  return 'message' in verdict ? verdict.message : verdict.status;
}
