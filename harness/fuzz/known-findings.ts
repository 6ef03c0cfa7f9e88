// A fuzz finding that reproduces a deviation recorded for the implementation's release (its shipped
// record in specs/expected/ names the deviation, and the deviation's fuzzSignatures match the
// finding's signature) is labelled with it and, unless --fail-on-known, does not fail the run.
import type { Deviation } from '../specs/types.js';
import type { KnownDeviation, KnownOutcomes } from '../verdicts/known-deviations.js';

/** The recorded deviation a finding's signature reproduces, or null. */
export function matchKnownFinding(signature: string, known: KnownOutcomes | null, deviations: readonly Deviation[]): KnownDeviation | null {
  if (known === null) return null;
  const recorded = new Map<string, string>();
  for (const entry of Object.values(known.baseline.cases)) if (entry.deviation !== undefined && !recorded.has(entry.deviation)) recorded.set(entry.deviation, entry.reason);
  for (const d of deviations) {
    const reason = recorded.get(d.id);
    if (reason === undefined || d.fuzzSignatures === undefined) continue;
    if (d.fuzzSignatures.some((pattern) => new RegExp(pattern).test(signature))) return { id: d.id, reason, release: known.release };
  }
  return null;
}
