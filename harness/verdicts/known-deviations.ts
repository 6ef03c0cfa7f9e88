// The known deviations of an implementation family, by version: the baselines shipped in
// specs/expected/ name, for each failure a real release shows, the deviation behind it and why. A run
// without a baseline of its own still labels such a failure, so a first run tells a known quirk from
// a regression.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { SPECS_DIR } from '../specs/read.js';
import { matchesRecord, readBaseline, type Baseline, type BaselineEntry } from './baseline.js';
import type { CaseResult } from './result.js';

/** A failure that matches a deviation recorded for the implementation's release. */
export interface KnownDeviation {
  /** The deviation id (specs/deviations.json). */
  id: string;
  /** One line on why the release fails this case. */
  reason: string;
  /** The release whose record it matches, e.g. `skopeo 1.9.3`. */
  release: string;
}

export interface KnownOutcomes {
  release: string;
  baseline: Baseline;
}

/** `skopeo version 1.9.3` → the family's shipped record of that release, or null when none is shipped. */
export function loadKnownOutcomes(versionString: string | null, dir: string = path.join(SPECS_DIR, 'expected')): KnownOutcomes | null {
  const match = versionString === null ? null : /^skopeo version (\d+\.\d+\.\d+)\b/.exec(versionString);
  if (match === null) return null;
  const file = path.join(dir, `skopeo-${match[1]}.json`);
  if (!existsSync(file)) return null;
  return { release: `skopeo ${match[1]}`, baseline: readBaseline(file) };
}

/** The deviation a failing result matches (same status, pins met, a deviation named), or null. */
export function findKnownDeviation(result: CaseResult, known: KnownOutcomes): KnownDeviation | null {
  const entry: BaselineEntry | undefined = known.baseline.cases[result.id];
  if (entry === undefined || entry.deviation === undefined || !matchesRecord(entry, result)) return null;
  return { id: entry.deviation, reason: entry.reason, release: known.release };
}
