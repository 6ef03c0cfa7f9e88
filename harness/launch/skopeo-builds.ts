// The skopeo releases .ci/build-skopeo builds from Debian's source packages (the list in
// .ci/skopeo-builds.txt), found in the build cache by their exact source version. The bench and the
// tests look them up here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packagePath } from '../package-root.js';

/** The list, at the project's root. */
export const SKOPEO_BUILDS_LIST = packagePath('.ci', 'skopeo-builds.txt');

export interface SkopeoBuild {
  /** Debian suite the source comes from (`trixie`, `sid`). */
  suite: string;
  /** Debian source version, the cache key (`1.22.0+ds1-1`). */
  debianVersion: string;
  /** Upstream release (`1.22.0`). */
  release: string;
  /** The build's directory in the cache. */
  dir: string;
  /** The release, built as Debian builds it. */
  skopeo: string;
}

/** The cache .ci/build-skopeo writes to. */
export function buildCacheDir(): string {
  return process.env.PC_CACHE_DIR ?? '/var/cache/proxy-conformance';
}

/** The builds CI makes, in .ci/skopeo-builds.txt's order. */
export function listSkopeoBuilds(): SkopeoBuild[] {
  return readFileSync(SKOPEO_BUILDS_LIST, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [suite = '', debianVersion = ''] = line.split(/\s+/);
      const dir = path.join(buildCacheDir(), 'skopeo', debianVersion);
      return { suite, debianVersion, release: debianVersion.replace(/[+~-].*$/, ''), dir, skopeo: path.join(dir, 'skopeo') };
    });
}

/** The build of `release`; throws when .ci/skopeo-builds.txt lists no such release. */
export function findSkopeoBuild(release: string): SkopeoBuild {
  const build = listSkopeoBuilds().find((b) => b.release === release);
  if (build === undefined) throw new Error(`no skopeo ${release} in ${SKOPEO_BUILDS_LIST}`);
  return build;
}
