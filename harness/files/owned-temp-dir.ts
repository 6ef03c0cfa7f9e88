// Temp dirs of a run, named with the pid of the harness process that owns them
// (`proxy-conformance-case-4242-Xa9b3c`): removed at exit even when a second Ctrl-C cuts the
// teardown short, and, when a SIGKILL left no chance to, by the next run, which sees their owner dead.
import { readdirSync, rmSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { registerTempDir } from './cleanup-on-exit.js';

/** The prefixes of the harness's temp dirs; the owner's pid follows each. */
export const TEMP_DIR_PREFIXES = ['proxy-conformance-', 'proxy-conformance-registry-', 'proxy-conformance-case-', 'pc-client-'] as const;
export type TempDirPrefix = (typeof TEMP_DIR_PREFIXES)[number];

/** `<prefix><pid>-XXXXXX`: mkdtemp's six characters after the owner's pid. */
const OWNED_NAME = /^(?:proxy-conformance-(?:registry-|case-)?|pc-client-)(\d+)-[A-Za-z0-9]{6}$/;
/** A fixture set built beside its cache entry (build-fixtures.ts): `<key>.partial-<pid>-<ms>`. */
const PARTIAL_FIXTURES = /\.partial-(\d+)-\d+$/;
const FIXTURE_CACHE = 'proxy-conformance-fixtures';
/** The prefix of a run's reports staged inside their report dir (cli/run/write-reports.ts); the owner's pid follows. */
export const PARTIAL_REPORTS_PREFIX = '.proxy-conformance-partial-';
const PARTIAL_REPORTS = /^\.proxy-conformance-partial-(\d+)-[A-Za-z0-9]{6}$/;

export interface OwnedTempDir {
  path: string;
  /** Removes the dir (and no longer at exit). */
  remove(): Promise<void>;
}

/** A fresh temp dir, removed at exit (a Ctrl-C, a second one too) unless removed first. */
export async function makeOwnedTempDir(prefix: TempDirPrefix): Promise<OwnedTempDir> {
  const dir = await mkdtemp(path.join(tmpdir(), `${prefix}${process.pid}-`));
  const release = registerTempDir(dir);
  return {
    path: dir,
    async remove() {
      await rm(dir, { recursive: true, force: true, maxRetries: 3 });
      release();
    },
  };
}

/** Whether process `pid` is gone (EPERM: it runs, as another user). */
function isDead(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Removes what harness processes that died without cleaning up (SIGKILL) left in the temp dir: our
 * temp dirs and partial fixture sets whose owner pid is dead, and only ours (by name, and by owner
 * uid). Returns the paths removed; one that cannot be removed is left for a later run.
 */
export function removeStaleTempDirs(root: string = tmpdir()): string[] {
  return [...removeStaleOwned(root, OWNED_NAME), ...removeStaleOwned(path.join(root, FIXTURE_CACHE), PARTIAL_FIXTURES)];
}

/**
 * Removes the reports a run that died while writing them (SIGKILL) left staged in report dir `dir`:
 * ours by name and owner uid, their owner pid dead. Returns the paths removed.
 */
export function removeStaleStagedReports(dir: string): string[] {
  return removeStaleOwned(dir, PARTIAL_REPORTS);
}

/** The entries of `dir` whose names match `pattern` (the owner's pid its first group), owned by us, their owner dead: removed. */
function removeStaleOwned(dir: string, pattern: RegExp): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const owner = pattern.exec(name)?.[1];
    if (owner === undefined || Number(owner) === process.pid || !isDead(Number(owner))) continue;
    const full = path.join(dir, name);
    try {
      if (statSync(full).uid !== process.getuid?.()) continue;
      rmSync(full, { recursive: true, force: true });
      removed.push(full);
    } catch {
      // Taken by another run's sweep, or not ours to remove.
    }
  }
  return removed;
}
