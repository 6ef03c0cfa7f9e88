// What the fault-injecting upstream can do to one registry response, and which requests it does it to.

/** Which requests a fault applies to: manifests (by any reference), or the blob with this digest. */
type UpstreamTarget = { kind: 'manifest' } | { kind: 'blob'; digest: string };

export type UpstreamFault =
  /** Headers and the first `after` body bytes, then nothing more on an open socket (skopeo #2878). */
  | { kind: 'stall-body'; after: number }
  /** The request is read and never answered. */
  | { kind: 'stall-headers' }
  /**
   * The first `after` body bytes, then a TCP reset. With `range`, a later request with `Range:` is
   * answered by the registry (206); without, it gets the whole body again with 200 (Range ignored).
   * With `rangeAfter`, every Range request is reset as well, after that many bytes of its 206.
   */
  | { kind: 'reset'; after: number; range: boolean; rangeAfter?: number }
  /** Content-Length as the registry says, then a clean close after `after` bytes. */
  | { kind: 'truncate'; after: number }
  /** No Content-Length: the body chunked, cut without the last chunk after `truncateAfter` bytes if given. */
  | { kind: 'chunked'; truncateAfter?: number }
  /** This status (with a registry-style JSON error body) for the first `times` matching requests, then the real answer. */
  | { kind: 'status'; status: number; times: number }
  /** The same length with the byte at `offset` changed. */
  | { kind: 'corrupt'; offset: number }
  /** The whole body, `bytes` at a time every `intervalMs`. */
  | { kind: 'drip'; bytes: number; intervalMs: number }
  /** The response's Content-Type replaced. */
  | { kind: 'content-type'; value: string };

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

/** A case's upstream rule, its target named by role in the case's image rather than by digest. */
export interface CaseUpstreamRule {
  target: 'manifest' | 'config' | { layer: number };
  fault: UpstreamFault;
}

/** What a case's upstream does: its rules, first match wins; none is a clean pass-through. */
export type UpstreamProfile = readonly CaseUpstreamRule[];

/** The profile's rules against an image's digests. */
export function resolveProfile(profile: UpstreamProfile, image: { config: { digest: string }; layers: ReadonlyArray<{ digest: string }> }): UpstreamRule[] {
  return profile.map(({ target, fault }) => {
    if (target === 'manifest') return { target: { kind: 'manifest' }, fault };
    const digest = target === 'config' ? image.config.digest : image.layers[target.layer]?.digest;
    if (digest === undefined) throw new Error(`the image has no layer ${(target as { layer: number }).layer}`);
    return { target: { kind: 'blob', digest }, fault };
  });
}
