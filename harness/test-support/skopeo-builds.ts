// The skopeo releases CI builds from Debian's source packages (.ci/build-skopeo, the list in
// .ci/skopeo-builds.txt), found in the build cache by their exact source version. Tests that need
// one fail (never skip) when it is missing: a skipped test would let CI pass without the release.
import { accessSync, constants, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './paths.js';

const LIST = path.join(REPO_ROOT, '.ci', 'skopeo-builds.txt');

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
  return readFileSync(LIST, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [suite = '', debianVersion = ''] = line.split(/\s+/);
      const dir = path.join(buildCacheDir(), 'skopeo', debianVersion);
      return { suite, debianVersion, release: debianVersion.replace(/[+~-].*$/, ''), dir, skopeo: path.join(dir, 'skopeo') };
    });
}

function hint(build: SkopeoBuild): string {
  return `build it with .ci/build-skopeo ${build.suite} ${build.debianVersion} (.ci/run does; several minutes cold, seconds warm)`;
}

function requireExecutable(file: string, what: string, build: SkopeoBuild): string {
  try {
    accessSync(file, constants.X_OK);
  } catch {
    throw new Error(`this test needs ${what} of skopeo ${build.release}, and ${file} is missing: ${hint(build)}`);
  }
  return file;
}

function findBuild(release: string): SkopeoBuild {
  const build = listSkopeoBuilds().find((b) => b.release === release);
  if (build === undefined) throw new Error(`no skopeo ${release} in ${LIST}`);
  return build;
}

/** skopeo RELEASE built from Debian's source; throws (with the command that builds it) when missing. */
export function requireSkopeoBuild(release: string): SkopeoBuild {
  const build = findBuild(release);
  requireExecutable(build.skopeo, 'the build', build);
  return build;
}

/** The same release built with -cover -coverpkg=./cmd/skopeo. */
export function requireSkopeoCoverBuild(release: string): string {
  const build = requireSkopeoBuild(release);
  return requireExecutable(path.join(build.dir, 'skopeo-cover'), 'the -cover build', build);
}

/** The Go toolchain the release was built with (its `go tool covdata` reads the cover build's counters). */
export function requireSkopeoGo(release: string): string {
  const build = requireSkopeoBuild(release);
  return requireExecutable(path.join(build.dir, 'goroot', 'bin', 'go'), 'the Go toolchain', build);
}

/** The release's own Go proxy client test (integration/proxy_test.go), its image read from PC_IMAGE. */
export function requireSkopeoGoClient(release: string): string {
  const build = requireSkopeoBuild(release);
  return requireExecutable(path.join(build.dir, 'proxy.test'), 'the Go proxy client test', build);
}

