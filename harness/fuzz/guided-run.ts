// A guided run's sequences, each in a process of its own with a GOCOVERDIR of its own, so that the
// counters its process writes as it exits are this sequence's alone: read directly
// (coverage/counter-file.ts) as the blocks it reached. With --coverage the directories are the
// run's (kept and merged at the end); without, they are temporary and go once read.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { HarnessError } from '../errors.js';
import { COUNTER_FILE_PREFIX, readReachedBlocks } from '../coverage/counter-file.js';
import { makeOwnedTempDir, type OwnedTempDir } from '../files/owned-temp-dir.js';
import { processPerSession, type LaunchResources } from '../launch/session-processes.js';
import type { ExploredRun } from './explore.js';
import { runSequence, type SequenceRun, type SequenceSession } from './run-sequence.js';
import type { CompiledSequence } from '../sequences/compile.js';

/** Where each process's counters go: a fresh GOCOVERDIR per process. */
export class CounterDirs {
  private launched = 0;

  private constructor(
    private readonly resources: LaunchResources,
    private readonly temp: OwnedTempDir | null,
  ) {}

  /** The run's --coverage directories when it has them (resources.processEnv), else a temp dir of its own. */
  static async open(resources: LaunchResources): Promise<CounterDirs> {
    return new CounterDirs(resources, resources.processEnv === undefined ? await makeOwnedTempDir('proxy-conformance-') : null);
  }

  /** The next process's environment and its GOCOVERDIR. */
  next(): { env: Record<string, string>; dir: string } {
    const env = this.resources.processEnv?.();
    if (env?.GOCOVERDIR !== undefined) return { env, dir: env.GOCOVERDIR };
    this.launched += 1;
    const dir = path.join(this.temp?.path ?? '.', String(this.launched));
    mkdirSync(dir, { recursive: true });
    return { env: { ...env, GOCOVERDIR: dir }, dir };
  }

  /** Done reading `dir`: a temporary one goes; the run's stays for the merge at the end. */
  release(dir: string): void {
    if (this.temp !== null) rmSync(dir, { recursive: true, force: true });
  }

  /** Resources that give each process launched its directory, telling `onLaunch` which it was. */
  resourcesFor(onLaunch: (dir: string) => void): LaunchResources {
    return {
      processEnv: () => {
        const { env, dir } = this.next();
        onLaunch(dir);
        return env;
      },
    };
  }

  async close(): Promise<void> {
    await this.temp?.remove();
  }
}

/** Runs the sequence in a fresh process with its own GOCOVERDIR, then reads the blocks it reached. */
export async function runGuidedSequence(session: SequenceSession, sequence: CompiledSequence, dirs: CounterDirs): Promise<SequenceRun & ExploredRun> {
  const used: string[] = [];
  const processes = processPerSession(dirs.resourcesFor((dir) => used.push(dir)));
  const run = await runSequence({ ...session, processes }, sequence);
  let blocks: Set<string> | null = null;
  for (const dir of used) {
    const reached = readReachedBlocks(dir);
    if (reached !== null) blocks = new Set([...(blocks ?? []), ...reached]);
    dirs.release(dir);
  }
  return { ...run, blocks };
}

/**
 * Throws a usage error unless the implementation's process (the preflight's, launched with
 * `dirs.resourcesFor`) left counters in `dir`: guidance needs a Go binary built with -cover.
 */
export function requireCounters(dir: string | undefined, implementation: string): void {
  let names: string[] = [];
  try {
    names = dir === undefined ? [] : readdirSync(dir);
  } catch {
    names = [];
  }
  if (names.some((n) => n.startsWith(COUNTER_FILE_PREFIX))) return;
  const why = names.some((n) => n.startsWith('covmeta.'))
    ? 'it wrote coverage metadata but no counters when it exited (it did not exit normally after EOF)'
    : 'it wrote no coverage files: it is not a Go binary built with -cover (go build -cover)';
  throw new HarnessError('PC_USAGE', `guided fuzzing needs the coverage counters of a Go cover build, and ${implementation} left none: ${why}`);
}
