// The coverage records of one implementation from the shards of one run, as one record. A record
// holds blocks only for the files of interest: there the shards' counts are summed block by block
// and the file's and functions' figures computed again, exactly. Other files carry only their
// statement counts, whose union no record holds: each shard's figure is kept (coveredPerShard), the
// file's `covered` is the largest (a lower bound), and the note says so. Each shard's own record
// stays, in brief, in `shards`; the counter directories together are one `go tool covdata -i` list.
import { HarnessError } from '../errors.js';
import { countStatements, summarizeFiles } from './profile.js';
import { formatPercent, type CoverageBlock, type CoverageProcesses, type CoverageRecord, type CoverageShard, type FileCoverage, type StatementCount } from './record.js';
import { describeProcesses, shortName } from './run-coverage.js';

export interface ShardCoverage {
  /** The shard's results.json, as `merge` was given it. */
  file: string;
  record: CoverageRecord;
}

/** `label`: the implementation, for messages. Throws a usage error when the records come from different builds. */
export function mergeCoverageRecords(label: string, shards: readonly ShardCoverage[]): CoverageRecord {
  const [first] = shards;
  if (first === undefined) throw new HarnessError('PC_INTERNAL', 'mergeCoverageRecords needs at least one record');
  const processes = sumProcesses(shards.map((s) => s.record.processes));
  const dir = shards.map((s) => s.record.dir).join(',');
  const base = { dir, processes, filesOfInterest: first.record.filesOfInterest, shards: shards.map(briefOf) };
  const mergeCommand = `go tool covdata textfmt -i=${dir} -o=coverage.txt`;
  const withFigures = shards.filter((s) => s.record.state === 'merged');
  const unmerged = shards.filter((s) => s.record.state === 'not-merged');
  const count = `${shards.length} shards`;
  if (unmerged.length > 0) {
    // Some counters were never read into figures: the others alone would understate the union.
    const names = unmerged.map((s) => s.file).join(', ');
    return { ...base, state: 'not-merged', note: `${label}, ${count}: the counters of ${names} were not merged where they ran, so no figure covers every shard; merge them all with \`${mergeCommand}\` (Go 1.20 or later); ${describeProcesses(processes)}` };
  }
  if (withFigures.length === 0) return { ...base, state: 'no-counters', note: `${label}, ${count}: no shard left coverage counters; ${describeProcesses(processes)}` };

  const files = mergeFiles(label, withFigures);
  const perShard = files.filter((f) => f.coveredPerShard !== undefined);
  const total = sumCounts(files);
  const ofInterest = files.filter((f) => f.blocks !== undefined);
  const figures = ofInterest.length === 0 ? `no file matches ${base.filesOfInterest}` : ofInterest.map((f) => `${shortName(f.file)} ${formatPercent(f)} (${f.covered}/${f.statements} statements)`).join(', ');
  const all =
    perShard.length === 0
      ? `all files ${formatPercent(total)}`
      : `all files at least ${formatPercent(total)} (${perShard.length} files outside ${base.filesOfInterest} have per-shard figures only, as the records hold no blocks for them; \`${mergeCommand}\` merges them)`;
  const empty = withFigures.length < shards.length ? `; ${shards.length - withFigures.length} shards left no counters` : '';
  const note = `statement coverage merged from ${count}: ${figures}; ${all}${empty}; ${describeProcesses(processes)}`;
  return { ...base, state: 'merged', total, files, note };
}

function briefOf({ file, record }: ShardCoverage): CoverageShard {
  return {
    results: file,
    dir: record.dir,
    state: record.state,
    processes: record.processes,
    ...(record.total !== undefined ? { total: record.total } : {}),
    ...(record.profile !== undefined ? { profile: record.profile } : {}),
  };
}

function sumProcesses(all: readonly CoverageProcesses[]): CoverageProcesses {
  return all.reduce((a, p) => ({ launched: a.launched + p.launched, withCounters: a.withCounters + p.withCounters, withoutCounters: a.withoutCounters + p.withoutCounters, wroteNothing: a.wroteNothing + p.wroteNothing }), {
    launched: 0,
    withCounters: 0,
    withoutCounters: 0,
    wroteNothing: 0,
  });
}

function sumCounts(files: readonly StatementCount[]): StatementCount {
  return files.reduce((a, f) => ({ statements: a.statements + f.statements, covered: a.covered + f.covered }), { statements: 0, covered: 0 });
}

/** Every file any shard names, in file order: summed by block where every shard has its blocks, per shard otherwise. */
function mergeFiles(label: string, shards: readonly ShardCoverage[]): FileCoverage[] {
  const names = [...new Set(shards.flatMap((s) => (s.record.files ?? []).map((f) => f.file)))].sort((a, b) => a.localeCompare(b));
  return names.map((name) => {
    const copies = shards.map((s) => ({ shard: s.file, file: (s.record.files ?? []).find((f) => f.file === name) }));
    const present = copies.filter((c): c is { shard: string; file: FileCoverage } => c.file !== undefined);
    const statements = present[0]!.file.statements;
    const other = present.find((c) => c.file.statements !== statements);
    if (other !== undefined) throw differentBuilds(label, `${name} has ${other.file.statements} statements in ${other.shard} and ${statements} in ${present[0]!.shard}`);
    // A file a shard does not name was in no package its processes loaded counters for: it covered none of it.
    if (present.length === copies.length && present.every((c) => c.file.blocks !== undefined)) return mergeByBlock(label, name, present);
    const coveredPerShard = copies.map((c) => c.file?.covered ?? 0);
    const functions = present[0]!.file.functions.map((f) => ({ ...f, covered: Math.max(...present.map((c) => c.file.functions.find((g) => g.name === f.name && g.line === f.line)?.covered ?? 0)) }));
    return { file: name, statements, covered: Math.max(...coveredPerShard), functions, coveredPerShard };
  });
}

/** Counts summed per block (the same blocks in every shard, or the builds differ), figures computed again. */
function mergeByBlock(label: string, name: string, copies: ReadonlyArray<{ shard: string; file: FileCoverage }>): FileCoverage {
  const [first] = copies as [{ shard: string; file: FileCoverage }];
  const key = (b: CoverageBlock) => `${b.startLine}.${b.startCol},${b.endLine}.${b.endCol}`;
  const summed = new Map((first.file.blocks ?? []).map((b) => [key(b), { ...b }]));
  for (const { shard, file } of copies.slice(1)) {
    const blocks = file.blocks ?? [];
    if (blocks.length !== summed.size) throw differentBuilds(label, `${name} has ${blocks.length} blocks in ${shard} and ${summed.size} in ${first.shard}`);
    for (const b of blocks) {
      const into = summed.get(key(b));
      if (into === undefined || into.statements !== b.statements) throw differentBuilds(label, `${name}'s block ${key(b)} of ${shard} is not one of ${first.shard}'s`);
      into.count += b.count;
    }
  }
  const blocks = [...summed.values()];
  const starts = first.file.functions.map((f) => ({ name: f.name, line: f.line }));
  const [summary] = summarizeFiles(new Map([[name, blocks]]), new Map([[name, starts]])) as [Omit<FileCoverage, 'blocks'>];
  const source = copies.find((c) => c.file.source !== undefined)?.file.source;
  return { ...summary, ...countStatements(blocks), blocks, ...(source !== undefined ? { source } : {}) };
}

function differentBuilds(label: string, what: string): HarnessError {
  return new HarnessError('PC_USAGE', `the coverage of ${label} comes from different builds (${what}): only the shards of one run merge`);
}
