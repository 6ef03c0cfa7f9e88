// A GOCOVERDIR of its own for every implementation process of one implementation, so that after the
// run we can tell the processes that wrote counters from those that did not (a Go cover build writes
// its metadata file when it starts and its counters only when it exits normally: a process stopped
// by a signal leaves metadata alone). Then every file moves into one directory, as
// `go tool covdata` reads it; the per-process directories go.
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { CoverageProcesses } from './record.js';

const PROCESSES = 'processes';
const COUNTERS = 'counters';

export class ProcessCoverageDirs {
  private launched = 0;

  /** `root` is this implementation's directory under --coverage DIR; it is created here. */
  constructor(readonly root: string) {
    mkdirSync(path.join(root, PROCESSES), { recursive: true });
  }

  /** The environment for the next process: a fresh GOCOVERDIR. */
  nextProcessEnv(): Record<string, string> {
    this.launched += 1;
    const dir = path.join(this.root, PROCESSES, String(this.launched));
    mkdirSync(dir, { recursive: true });
    return { GOCOVERDIR: dir };
  }

  /** Where the files of every process are gathered by collect(). */
  get countersDir(): string {
    return path.join(this.root, COUNTERS);
  }

  /**
   * Counts what each process left, then moves every file into countersDir (file names are unique
   * per process; metadata files of one binary are identical) and removes the per-process directories.
   */
  collect(): CoverageProcesses {
    const counts: CoverageProcesses = { launched: this.launched, withCounters: 0, withoutCounters: 0, wroteNothing: 0 };
    const processes = path.join(this.root, PROCESSES);
    mkdirSync(this.countersDir, { recursive: true });
    for (const name of readdirSync(processes)) {
      const dir = path.join(processes, name);
      const files = readdirSync(dir);
      if (files.some((f) => f.startsWith('covcounters.'))) counts.withCounters += 1;
      else if (files.some((f) => f.startsWith('covmeta.'))) counts.withoutCounters += 1;
      else counts.wroteNothing += 1;
      for (const file of files) renameSync(path.join(dir, file), path.join(this.countersDir, file));
    }
    rmSync(processes, { recursive: true, force: true });
    return counts;
  }
}
