// What an implementation says of itself, for reports: `skopeo --version`, the reference proxy's own
// name, or the first line of `<impl> --version` when that exits 0 within two seconds.
import { execFile } from 'node:child_process';
import { REFERENCE_PROXY_BIN } from './resolve-impl.js';
import { TOOL_VERSION } from '../version.js';
import { excerpt, printable } from '../printable.js';

export async function readVersionString(executable: string, signal?: AbortSignal): Promise<string | null> {
  if (executable === REFERENCE_PROXY_BIN) return `proxy-conformance reference proxy ${TOOL_VERSION}`;
  // Node's own execFile, not execa: every run reads a version, and execa's 140 files were a seventh of the CLI's start-up.
  const stdout = await new Promise<string | null>((resolve) => {
    try {
      const child = execFile(executable, ['--version'], { timeout: 2000, encoding: 'utf8', ...(signal ? { signal } : {}) }, (error, out) => resolve(error === null ? out : null));
      // Its stdin at EOF at once: an implementation that ignores --version and serves its socket sees EOF and ends.
      child.stdin?.end();
      child.stdin?.on('error', () => {});
    } catch {
      resolve(null);
    }
  });
  const first = stdout?.split('\n')[0]?.trim() ?? '';
  return first !== '' ? printable(excerpt(first)) : null;
}
