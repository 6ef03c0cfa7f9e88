// skopeo behind a wrapper that logs each process's pid as it starts, then execs skopeo itself (the
// pid is skopeo's). A test that must act while a run's processes come and go reads the log: a
// process that lived a few milliseconds is in it, where polling the process table could miss it.
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface LoggedSkopeo {
  /** The wrapper, named `skopeo` so that the harness treats it as skopeo. */
  impl: string;
  /** The pids started so far, in order. */
  started(): Promise<number[]>;
}

export async function loggedSkopeo(dir: string, skopeo: string): Promise<LoggedSkopeo> {
  const bin = path.join(dir, 'logged-skopeo');
  await mkdir(bin, { recursive: true });
  const log = path.join(bin, 'starts.log');
  const impl = path.join(bin, 'skopeo');
  await writeFile(impl, `#!/bin/sh\necho $$ >> '${log}'\nexec '${skopeo}' "$@"\n`);
  await chmod(impl, 0o755);
  return {
    impl,
    started: async () => (existsSync(log) ? (await readFile(log, 'utf8')).split('\n').filter(Boolean).map(Number) : []),
  };
}
