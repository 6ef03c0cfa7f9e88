// The skopeo release the stand-in claims for a protocol version (its --version), read from
// specs/versions.json: the first observed release, else the lowest release of the range.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { SPECS_DIR } from '../specs/read.js';

interface ReleaseRow {
  releases: string;
  protocol: string;
  observed: string[];
}

export function skopeoReleaseFor(protocol: string): string {
  const rows = (JSON.parse(readFileSync(path.join(SPECS_DIR, 'versions.json'), 'utf8')) as { skopeo: ReleaseRow[] }).skopeo;
  const row = [...rows].reverse().find((r) => semver.lte(r.protocol, protocol));
  if (row === undefined) return '1.6.0';
  return row.observed[0] ?? semver.minVersion(row.releases)?.version ?? '1.6.0';
}
