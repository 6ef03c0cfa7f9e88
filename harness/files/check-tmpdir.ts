// TMPDIR checked before anything is imported: the temp-file library resolves it at import, and a
// TMPDIR naming a missing folder was a stack trace for every command, --help included.
// A TMPDIR that cannot be written (a read-only mount) was an internal error at the first mkdtemp.
import { accessSync, constants, statSync } from 'node:fs';

/** Null when TMPDIR is unset or a directory we can write in; otherwise the one sentence that says what is wrong. */
export function describeBadTmpdir(env: NodeJS.ProcessEnv = process.env): string | null {
  const dir = env.TMPDIR;
  if (dir === undefined || dir === '') return null;
  try {
    if (!statSync(dir).isDirectory()) return `TMPDIR names ${JSON.stringify(dir)}, which is not a directory; make it one or unset TMPDIR`;
  } catch (error) {
    return `TMPDIR names ${JSON.stringify(dir)}, which cannot be used (${codeOf(error)}); create it or unset TMPDIR`;
  }
  try {
    // access(2) sees a read-only mount (EROFS) for root too, and makes no file.
    accessSync(dir, constants.W_OK | constants.X_OK);
    return null;
  } catch (error) {
    return `TMPDIR names ${JSON.stringify(dir)}, which cannot be written (${codeOf(error)}); make it writable or unset TMPDIR`;
  }
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}
