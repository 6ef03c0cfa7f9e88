// TMPDIR checked before anything is imported: the temp-file library resolves it at import, and a
// TMPDIR naming a missing folder was a stack trace for every command, --help included.
import { statSync } from 'node:fs';

/** Null when TMPDIR is unset or a directory; otherwise the one sentence that says what is wrong. */
export function describeBadTmpdir(env: NodeJS.ProcessEnv = process.env): string | null {
  const dir = env.TMPDIR;
  if (dir === undefined || dir === '') return null;
  try {
    if (statSync(dir).isDirectory()) return null;
    return `TMPDIR names ${JSON.stringify(dir)}, which is not a directory; make it one or unset TMPDIR`;
  } catch (error) {
    return `TMPDIR names ${JSON.stringify(dir)}, which cannot be used (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); create it or unset TMPDIR`;
  }
}
