// containers/image's explicitfilepath.ResolvePathToFullyExplicit, which every file transport runs
// while parsing a reference: the leaf may be missing, but its parent must resolve, so
// `oci:/nonexistent/layout:latest` fails with `lstat /nonexistent: no such file or directory`
// already in OpenImage (and OpenImageOptional does not turn that into 0).
// The stat calls are synchronous: a few microseconds each, where an asynchronous one costs a round trip
// through the thread pool (0.4 ms of CPU per OpenImage over a fixture path's eight components).
import { lstatSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { pathError, ProxyError } from '../proxy-error.js';

function isNotExist(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'ENOENT';
}

export async function resolvePathToFullyExplicit(p: string): Promise<string> {
  try {
    lstatSync(p);
    return resolveExistingPath(p);
  } catch (error) {
    if (error instanceof ProxyError) throw error;
    if (!isNotExist(error)) throw pathError('lstat', p, error);
  }
  // filepath.Split: everything up to and including the last slash, and the rest.
  const cut = p.lastIndexOf('/') + 1;
  const parent = p.slice(0, cut);
  const file = p.slice(cut);
  const resolvedParent = resolveExistingPath(parent);
  if (file === '.' || file === '..') throw new ProxyError(`Unexpected path component ${JSON.stringify(file)} in ${JSON.stringify(p)}`);
  return path.join(resolvedParent, file);
}

/** filepath.Abs, then EvalSymlinks component by component (its error names the first bad one). */
function resolveExistingPath(p: string): string {
  const absolute = path.resolve(p === '' ? '.' : p);
  const pending = absolute.split('/').filter(Boolean);
  let current = '/';
  let links = 0;
  while (pending.length > 0) {
    const component = pending.shift() as string;
    if (component === '.') continue;
    if (component === '..') {
      current = path.dirname(current);
      continue;
    }
    const next = path.join(current, component);
    let stat;
    try {
      stat = lstatSync(next);
    } catch (error) {
      throw pathError('lstat', next, error);
    }
    if (!stat.isSymbolicLink()) {
      current = next;
      continue;
    }
    if (++links > 255) throw new ProxyError(`EvalSymlinks: too many links`);
    let target: string;
    try {
      target = readlinkSync(next);
    } catch (error) {
      throw pathError('readlink', next, error);
    }
    if (target.startsWith('/')) current = '/';
    pending.unshift(...target.split('/').filter(Boolean));
  }
  return current;
}
