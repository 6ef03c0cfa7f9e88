// The report directory: one file per format, in a directory named for the run unless one is given.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { ConsoleReporter } from '../../report/console.js';
import type { ImplementationRun, ReportDocument } from '../../report/model.js';
import { REPORTERS, type ReportFormat } from '../../report/reporters.js';
import { replaceFile } from '../../files/replace-file.js';

/** Writes each format's file into `dir`; returns the file names. */
export async function writeReports(doc: ReportDocument, dir: string, formats: readonly ReportFormat[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const format of formats) {
    const reporter = REPORTERS[format];
    await replaceFile(path.join(dir, reporter.file), reporter.render(doc));
    written.push(reporter.file);
  }
  return written;
}

/** The run's reports into `dir` (or a new directory under `root`), then one line saying where they went. */
export async function writeRunReports(doc: ReportDocument, where: { dir: string | undefined; root: string }, formats: readonly ReportFormat[], console: ConsoleReporter): Promise<void> {
  const dir = where.dir ?? (await claimReportDir(where.root, doc.startedAt, doc.runs));
  const written = await writeReports(doc, dir, formats);
  console.info(`report: ${path.join(dir, written.includes('index.html') ? 'index.html' : (written[0] ?? ''))} (${written.join(', ')})`);
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
