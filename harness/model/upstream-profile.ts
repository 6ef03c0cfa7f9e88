// What a case's fault-injecting upstream does to registry responses: part of the case model, which
// scenarios declare and the registry layer carries out (registry/upstream.ts).

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
  /**
   * This status for the first `times` matching requests, then the real answer. The body is a
   * registry's JSON error whose code is `code` (default UNKNOWN): what error_code a proxy gives
   * depends on it (specs/registry.md).
   */
  | { kind: 'status'; status: number; times: number; code?: string }
  /** The same length with the byte at `offset` changed. */
  | { kind: 'corrupt'; offset: number }
  /** The whole body, `bytes` at a time every `intervalMs`. */
  | { kind: 'drip'; bytes: number; intervalMs: number }
  /** The response's Content-Type replaced. */
  | { kind: 'content-type'; value: string };

/** A case's upstream rule, its target named by role in the case's image rather than by digest. */
export interface CaseUpstreamRule {
  target: 'manifest' | 'config' | { layer: number };
  fault: UpstreamFault;
}

/** What a case's upstream does: its rules, first match wins; none is a clean pass-through. */
export type UpstreamProfile = readonly CaseUpstreamRule[];
