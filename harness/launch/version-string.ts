// What an implementation says of itself, for reports: `skopeo --version`, the reference proxy's own
// name, or the first line of `<impl> --version` when that exits 0 within two seconds.
import { execa } from 'execa';
import { REFERENCE_PROXY_BIN } from './resolve-impl.js';
import { TOOL_VERSION } from '../version.js';
import { excerpt, printable } from '../printable.js';

export async function readVersionString(executable: string, signal?: AbortSignal): Promise<string | null> {
  if (executable === REFERENCE_PROXY_BIN) return `proxy-conformance reference proxy ${TOOL_VERSION}`;
  try {
    // stdin is /dev/null: an implementation that ignores --version and serves its socket sees EOF and ends.
    const result = await execa(executable, ['--version'], { stdin: 'ignore', timeout: 2000, reject: false, ...(signal ? { cancelSignal: signal } : {}) });
    const first = result.stdout.split('\n')[0]?.trim() ?? '';
    return result.exitCode === 0 && first !== '' ? printable(excerpt(first)) : null;
  } catch {
    return null;
  }
}
