// The protocol version history's rules (specs/versions.json), on raw data: which entry a version falls
// under, and whether that entry's reply envelope carries error_code. The compiled Specs and the
// reference proxy (which reads the raw JSON, since compiling every schema would slow its start-up)
// both ask here, so the two cannot disagree on a version.
import semver from 'semver';

/** The newest entry at or below `version`; undefined for a version that is not x.y.z or predates the history. */
export function historyEntryFor<T extends { version: string }>(history: readonly T[], version: string): T | undefined {
  if (semver.valid(version) === null) return undefined;
  return history.filter((v) => semver.lte(v.version, version)).at(-1);
}

/** Whether replies under this envelope schema carry the error_code key: the schema requires it. */
export function envelopeHasErrorCode(schema: unknown): boolean {
  const required = (schema as { required?: unknown } | null | undefined)?.required;
  return Array.isArray(required) && required.includes('error_code');
}
