// The whole suite against a skopeo cover build with --coverage, for the benches that compare with it
// (bench:coverage: skopeo's own proxy test; bench:guided: the suite merged with each fuzz arm).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { DEFAULT_FILES_OF_INTEREST } from '../config.js';
import type { CoverageRecord, FileCoverage } from '../coverage/record.js';
import type { ReportDocument } from '../report/model.js';

const CLI = path.resolve('dist', 'cli', 'main.js');
/** Far above what a run takes (a minute or two on two loaded cores). */
const SUITE_LIMIT_MS = 1_800_000;

export interface CoveredSuite {
  /** How many cases ran. */
  cases: number;
  coverage: CoverageRecord;
  wallS: number;
}

/** Runs the suite (two jobs, every case, registry included) against `skopeoCover`, its counters under `dir`. */
export async function runCoveredSuite(build: { skopeoCover: string; go: string }, dir: string): Promise<CoveredSuite> {
  const reports = path.join(dir, 'suite-reports');
  const started = performance.now();
  const run = await execa(process.execPath, [CLI, '--impl', build.skopeoCover, '--coverage', path.join(dir, 'suite'), '--go', build.go, '--report-dir', reports, '--format', 'json', '--jobs', '2'], { reject: false, timeout: SUITE_LIMIT_MS, env: { NO_COLOR: '1' } });
  const wallS = (performance.now() - started) / 1000;
  let document: ReportDocument;
  try {
    document = JSON.parse(readFileSync(path.join(reports, 'results.json'), 'utf8')) as ReportDocument;
  } catch (error) {
    throw new Error(`the suite run wrote no results.json (exit ${run.exitCode}): ${(error as Error).message}; ${run.stdout.slice(-500)}`);
  }
  const coverage = document.runs[0]?.coverage;
  if (coverage === undefined) throw new Error(`the suite run wrote no coverage (exit ${run.exitCode}): ${run.stdout.slice(-500)}`);
  return { cases: document.runs[0]?.cases.length ?? 0, coverage, wallS };
}

/** proxy.go's figures in a coverage record, or null when it holds none (no counters, not merged). */
export function proxyGoOf(record: CoverageRecord): FileCoverage | null {
  return record.files?.find((f) => f.file.endsWith(DEFAULT_FILES_OF_INTEREST)) ?? null;
}
