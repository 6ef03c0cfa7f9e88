// Puts the `skopeo` stand-in first on a client's PATH: a directory holding one executable script
// named `skopeo` that runs the compiled stand-in with this Node.
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BUNDLE_DIR } from '../../package-root.js';

/** The built stand-in (from harness/ under test and from dist/ alike). */
const SHIM_ENTRY = path.join(BUNDLE_DIR, 'shim.js');

function quote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** Writes `<dir>/skopeo` and returns its path. */
export async function writeShimExecutable(dir: string): Promise<string> {
  const file = path.join(dir, 'skopeo');
  await writeFile(file, `#!/bin/sh\nexec ${quote(process.execPath)} ${quote(SHIM_ENTRY)} "$@"\n`);
  await chmod(file, 0o755);
  return file;
}
