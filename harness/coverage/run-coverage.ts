// --coverage DIR for a run: each implementation gets DIR/<label>/, each of its processes a
// GOCOVERDIR there (process-dirs.ts); at the end the counters are merged with `go tool covdata`
// into per-file and per-function figures and the blocks of the files of interest (record.ts).
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LaunchResources } from '../launch/session-processes.js';
import { ProcessCoverageDirs } from './process-dirs.js';
import { countStatements, matchesFilePattern, parseFunctionList, parseTextProfile, summarizeFiles } from './profile.js';
import { formatPercent, type CoverageProcesses, type CoverageRecord, type FileCoverage } from './record.js';

const COVDATA_TIMEOUT_MS = 180_000;
const PROFILE_NAME = 'coverage.txt';

export interface CoverageSettings {
  /** --coverage DIR: created if absent. */
  dir: string;
  /** --coverage-files PATTERN: the files whose blocks the reports show. */
  filesOfInterest: string;
  /** --coverage-source DIR: the implementation's source tree, for the source lines of those files. */
  sourceRoot?: string;
  /** --go PATH: the Go toolchain that merges (default: go on PATH). */
  go?: string;
}

/** Launch resources giving each process a GOCOVERDIR of its own (none without coverage). */
export function coverageResources(dirs: ProcessCoverageDirs | undefined): LaunchResources {
  return dirs === undefined ? {} : { processEnv: () => dirs.nextProcessEnv() };
}

/**
 * For a command with one implementation and no results.json (fuzz): runs `use` with resources giving
 * each process a GOCOVERDIR, then says the figures and writes the record to DIR/<label>/coverage.json.
 */
export async function withCoverage<T>(settings: CoverageSettings | undefined, label: string, say: (line: string) => void, use: (resources: LaunchResources) => Promise<T>): Promise<T> {
  if (settings === undefined) return use({});
  const coverage = new RunCoverage(settings);
  const dirs = coverage.forImplementation(label);
  const result = await use(coverageResources(dirs));
  const record = await coverage.finish(dirs, label, say);
  await writeFile(path.join(dirs.root, 'coverage.json'), `${JSON.stringify(record, null, 2)}\n`);
  return result;
}

export class RunCoverage {
  private readonly used = new Set<string>();

  constructor(readonly settings: CoverageSettings) {}

  /** The directories of one implementation, DIR/<label> (DIR/<label>-2 for a second of that name). */
  forImplementation(label: string): ProcessCoverageDirs {
    const base = label.replace(/[^A-Za-z0-9._-]+/g, '_') || 'implementation';
    let name = base;
    for (let n = 2; this.used.has(name); n++) name = `${base}-${n}`;
    this.used.add(name);
    return new ProcessCoverageDirs(path.resolve(this.settings.dir, name));
  }

  /** Gathers what the implementation's processes left, merges it when a Go toolchain can, and says the record's note. */
  async finish(dirs: ProcessCoverageDirs, label: string, say: (line: string) => void): Promise<CoverageRecord> {
    const record = await this.gather(dirs, label);
    say(`coverage: ${record.note}`);
    return record;
  }

  private async gather(dirs: ProcessCoverageDirs, label: string): Promise<CoverageRecord> {
    const processes = dirs.collect();
    const base = { dir: dirs.countersDir, processes, filesOfInterest: this.settings.filesOfInterest };
    if (processes.withCounters === 0) return { ...base, state: 'no-counters', note: noCountersNote(label, processes) };
    const profile = path.join(dirs.root, PROFILE_NAME);
    const mergeCommand = `go tool covdata textfmt -i=${dirs.countersDir} -o=${profile}`;
    // Loaded only when counters are merged: every run imports this module, few collect coverage, and execa is 140 files.
    const [{ execa }, { findGoToolchain }] = await Promise.all([import('execa'), import('./go-toolchain.js')]);
    const go = await findGoToolchain(this.settings.go);
    if (!go.ok) return { ...base, state: 'not-merged', note: `${go.reason}; the counters are kept: merge them with \`${mergeCommand}\` (Go 1.20 or later); ${describeProcesses(processes)}` };
    await execa(go.go, ['tool', 'covdata', 'textfmt', `-i=${dirs.countersDir}`, `-o=${profile}`], { timeout: COVDATA_TIMEOUT_MS, stdin: 'ignore' });
    const funcs = await execa(go.go, ['tool', 'covdata', 'func', `-i=${dirs.countersDir}`], { timeout: COVDATA_TIMEOUT_MS, stdin: 'ignore' });
    const blocks = parseTextProfile(await readFile(profile, 'utf8'));
    const files = summarizeFiles(blocks, parseFunctionList(funcs.stdout));
    for (const file of files) {
      if (!matchesFilePattern(file.file, this.settings.filesOfInterest)) continue;
      file.blocks = blocks.get(file.file) ?? [];
      const source = this.settings.sourceRoot === undefined ? null : await readSource(this.settings.sourceRoot, file.file);
      if (source !== null) file.source = source;
    }
    const total = countStatements([...blocks.values()].flat());
    return { ...base, state: 'merged', total, files, profile, note: mergedNote(files, total, processes, this.settings.filesOfInterest) };
  }
}

function noCountersNote(label: string, p: CoverageProcesses): string {
  if (p.launched === 0) return `${label}: no process was launched, so there is no coverage`;
  if (p.withoutCounters === 0) return `${label} wrote no coverage counters: it was not built with -cover (go build -cover), so there is no coverage to report`;
  return `${label} left no coverage counters: all ${p.launched} processes were stopped by a signal or crashed before they could write them`;
}

function mergedNote(files: readonly FileCoverage[], total: { statements: number; covered: number }, p: CoverageProcesses, pattern: string): string {
  const ofInterest = files.filter((f) => f.blocks !== undefined);
  const figures = ofInterest.length === 0 ? `no file matches ${pattern}` : ofInterest.map((f) => `${shortName(f.file)} ${formatPercent(f)} (${f.covered}/${f.statements} statements)`).join(', ');
  return `statement coverage: ${figures}; all files ${formatPercent(total)}; ${describeProcesses(p)}`;
}

/** `212 of 215 processes left counters (3 stopped by a signal or crashed)`. */
export function describeProcesses(p: CoverageProcesses): string {
  const missing = p.withoutCounters + p.wroteNothing;
  return `${p.withCounters} of ${p.launched} processes left counters${missing > 0 ? ` (${missing} left none: stopped by a signal or crashed)` : ''}`;
}

/** The last three path segments: `cmd/skopeo/proxy.go`. */
export function shortName(file: string): string {
  return file.split('/').slice(-3).join('/');
}

/** The file's lines from the source tree: the longest tail of its import path that exists under `root`. */
async function readSource(root: string, file: string): Promise<string[] | null> {
  const segments = file.split('/');
  for (let i = 0; i < segments.length; i++) {
    const candidate = path.join(root, ...segments.slice(i));
    if (existsSync(candidate)) return (await readFile(candidate, 'utf8')).split('\n');
  }
  return null;
}
