// Which registry requests a fault applies to, and a case's upstream profile resolved against its
// image's digests. What the faults are is part of the case model (model/upstream-profile.ts).
import type { UpstreamFault, UpstreamProfile } from '../model/upstream-profile.js';

/** Which requests a fault applies to: manifests (by any reference), or the blob with this digest. */
type UpstreamTarget = { kind: 'manifest' } | { kind: 'blob'; digest: string };

export interface UpstreamRule {
  target: UpstreamTarget;
  fault: UpstreamFault;
}

/** The target of a registry API path, or null for anything else (/v2/, uploads, tags). */
export function targetOfPath(pathname: string): UpstreamTarget | null {
  const manifest = /^\/v2\/.+\/manifests\/[^/]+$/.exec(pathname);
  if (manifest) return { kind: 'manifest' };
  const blob = /^\/v2\/.+\/blobs\/(sha256:[0-9a-f]{64})$/.exec(pathname);
  if (blob) return { kind: 'blob', digest: blob[1] as string };
  return null;
}

export function ruleMatches(rule: UpstreamRule, target: UpstreamTarget | null): boolean {
  if (target === null || rule.target.kind !== target.kind) return false;
  return rule.target.kind === 'manifest' || (target.kind === 'blob' && rule.target.digest === target.digest);
}

/** The profile's rules against an image's digests. */
export function resolveProfile(profile: UpstreamProfile, image: { config: { digest: string }; layers: ReadonlyArray<{ digest: string }> }): UpstreamRule[] {
  return profile.map(({ target, fault }) => {
    if (target === 'manifest') return { target: { kind: 'manifest' }, fault };
    const digest = target === 'config' ? image.config.digest : image.layers[target.layer]?.digest;
    if (digest === undefined) throw new Error(`the image has no layer ${(target as { layer: number }).layer}`);
    return { target: { kind: 'blob', digest }, fault };
  });
}
