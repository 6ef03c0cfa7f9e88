// The skopeo releases CI builds from Debian's source packages (.ci/build-skopeo, the list in
// .ci/skopeo-builds.txt), found in the build cache by their exact source version. Tests that need
// one fail (never skip) when it is missing: a skipped test would let CI pass without the release.
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { findSkopeoBuild, type SkopeoBuild } from '../launch/skopeo-builds.js';

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

/** skopeo RELEASE built from Debian's source; throws (with the command that builds it) when missing. */
export function requireSkopeoBuild(release: string): SkopeoBuild {
  const build = findSkopeoBuild(release);
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

