// A temporary directory that belongs to one test file and goes with it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/** A fresh directory under the system temp dir, removed after the calling file's tests; call at top level. */
export function scratchDir(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `${name}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
