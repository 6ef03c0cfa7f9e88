// Where the implementation under test comes from: --impl, else skopeo on PATH. Checked where it
// enters, so a typo is one sentence and exit 2, not a spawn error later.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { HarnessError } from '../errors.js';
import { printable } from '../printable.js';
import { packagePath } from '../package-root.js';

export const SKOPEO_INSTALL_HINT =
  'install skopeo (Debian/Ubuntu: `sudo apt-get install -y skopeo`; Fedora: `sudo dnf install -y skopeo`) or pass --impl PATH';

/** Returns the absolute path of an executable given with `flag`, or throws a HarnessError naming the problem. */
export function validateImplPath(implPath: string, flag = '--impl'): string {
  const resolved = path.resolve(implPath);
  // The path may come from a config file: it is shown, never interpreted.
  const shown = printable(implPath);
  let stat;
  try {
    stat = statSync(resolved);
  } catch {
    throw new HarnessError('PC_IMPL_NOT_FOUND', `${flag} ${shown}: no such file`);
  }
  if (!stat.isFile()) throw new HarnessError('PC_IMPL_NOT_EXECUTABLE', `${flag} ${shown}: not a regular file`);
  try {
    accessSync(resolved, constants.X_OK);
  } catch {
    throw new HarnessError('PC_IMPL_NOT_EXECUTABLE', `${flag} ${shown}: not executable (try chmod +x)`);
  }
  return resolved;
}

/** The first executable named `name` on PATH, or null. */
export function findOnPath(name: string, searchPath = process.env.PATH ?? ''): string | null {
  for (const dir of searchPath.split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      continue;
    }
  }
  return null;
}

/** The built-in reference proxy's executable. */
export const REFERENCE_PROXY_BIN = packagePath('bin', 'reference-proxy.js');
