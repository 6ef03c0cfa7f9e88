// The skopeo release the stand-in claims for a protocol version (its --version), from the version
// history in specs/versions.json: the first observed release, else the lowest release of the range.
import semver from 'semver';
import { loadSpecs } from '../../specs/index.js';

export function skopeoReleaseFor(protocol: string): string {
  const row = [...loadSpecs().versions.skopeo].reverse().find((r) => semver.lte(r.protocol, protocol));
  if (row === undefined) return '1.6.0';
  return row.observed[0] ?? semver.minVersion(row.releases)?.version ?? '1.6.0';
}
