// The report directory: one file per format, in a directory named for the run unless one is given.
// The reports are one set: all of a run's land, or a reused directory keeps the previous run's.
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ConsoleReporter } from '../../report/console.js';
import type { ImplementationRun, ReportDocument } from '../../report/model.js';
import { REPORTERS, type ReportFormat } from '../../report/reporters.js';
import { replaceFile } from '../../files/replace-file.js';
import { registerTempDir } from '../../files/cleanup-on-exit.js';
import { PARTIAL_REPORTS_PREFIX, removeStaleStagedReports } from '../../files/owned-temp-dir.js';

/**
 * Writes each format's file into `dir`; returns the file names. They are written whole into a
 * folder inside `dir` first (the same filesystem), and renamed into `dir` only once every one is:
 * a full disk or an error leaves the files already there as they were, none beside a truncated one.
 */
export async function writeReports(doc: ReportDocument, dir: string, formats: readonly ReportFormat[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  // What a run SIGKILLed while writing here left staged: its owner is dead, so nobody else removes it.
  removeStaleStagedReports(dir);
  const staging = await mkdtemp(path.join(dir, `${PARTIAL_REPORTS_PREFIX}${process.pid}-`));
  const release = registerTempDir(staging);
  try {
    const files = formats.map((format) => REPORTERS[format].file);
    for (const format of formats) await replaceFile(path.join(staging, REPORTERS[format].file), await REPORTERS[format].render(doc));
    for (const file of files) await rename(path.join(staging, file), path.join(dir, file));
    return files;
  } finally {
    await rm(staging, { recursive: true, force: true });
    release();
  }
}

/** The run's reports into `dir` (or a new directory under `root`), then one line saying where they went; returns the directory. */
export async function writeRunReports(doc: ReportDocument, where: { dir: string | undefined; root: string }, formats: readonly ReportFormat[], console: ConsoleReporter): Promise<string> {
  const dir = where.dir ?? (await claimReportDir(where.root, doc.startedAt, doc.runs));
  const written = await writeReports(doc, dir, formats);
  console.info(`report: ${path.join(dir, written.includes('index.html') ? 'index.html' : (written[0] ?? ''))} (${written.join(', ')})`);
  return dir;
}

/** <root>/<time>-<label>, with -2, -3… when two runs start in the same second. */
export async function claimReportDir(root: string, startedAt: string, runs: readonly ImplementationRun[]): Promise<string> {
  const stamp = startedAt.replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
  const label = runs.length === 1 ? (runs[0]?.implementation.label ?? 'run') : 'matrix';
  const base = path.join(root, `${stamp}-${label.replace(/[^A-Za-z0-9._-]/g, '_')}`);
  await mkdir(root, { recursive: true });
  for (let n = 1; ; n++) {
    const dir = n === 1 ? base : `${base}-${n}`;
    try {
      await mkdir(dir);
      return dir;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
