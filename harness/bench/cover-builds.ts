// The skopeo cover builds the bench measures with: `skopeo-cover` of a release in the build cache
// (.ci/build-skopeo, keyed by the Debian version .ci/skopeo-builds.txt names), beside the Go
// toolchain that built it and, for the release's own proxy client test, `proxy.test`.
import path from 'node:path';
import { findSkopeoBuild } from '../launch/skopeo-builds.js';

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
  const { dir } = findSkopeoBuild(release);
  return { skopeoCover: path.join(dir, 'skopeo-cover'), go: path.join(dir, 'goroot', 'bin', 'go'), proxyTest: path.join(dir, 'proxy.test'), source: path.join(dir, 'src') };
}
