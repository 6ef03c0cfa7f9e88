// The skopeo cover builds the bench measures with: `skopeo-cover` of a release in the build cache
// (.ci/build-skopeo, keyed by the Debian version .ci/skopeo-builds.txt names), beside the Go
// toolchain that built it and, for the release's own proxy client test, `proxy.test`.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface CoverBuild {
  skopeoCover: string;
  go: string;
  /** skopeo's own Go proxy client test of the same source (integration/proxy_test.go). */
  proxyTest: string;
  /** The unpacked source tree (cmd/skopeo/proxy.go). */
  source: string;
}

/** The cover build of `release`; throws when .ci/skopeo-builds.txt lists no such release. */
export function coverBuildOf(release: string): CoverBuild {
  const dir = buildDirOf(release);
  return { skopeoCover: path.join(dir, 'skopeo-cover'), go: path.join(dir, 'goroot', 'bin', 'go'), proxyTest: path.join(dir, 'proxy.test'), source: path.join(dir, 'src') };
}

/** The directory in the build cache of `release` (its `skopeo`, as Debian builds it, among the rest). */
export function buildDirOf(release: string): string {
  const cache = process.env.PC_CACHE_DIR ?? '/var/cache/proxy-conformance';
  const line = readFileSync(path.resolve('.ci', 'skopeo-builds.txt'), 'utf8')
    .split('\n')
    .find((l) => !l.startsWith('#') && l.trim().split(/\s+/)[1]?.startsWith(`${release}+`));
  const version = line?.trim().split(/\s+/)[1];
  if (version === undefined) throw new Error(`.ci/skopeo-builds.txt lists no skopeo ${release}`);
  return path.join(cache, 'skopeo', version);
}
