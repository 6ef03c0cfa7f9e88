// What a transport may need from the session beyond the reference (containers/image's
// SystemContext): TLS verification, the registry idle timeout, and the session's end.

/** How long a registry read may wait for the next bytes before it fails as retryable. */
export const DEFAULT_REGISTRY_IDLE_TIMEOUT_MS = 30_000;

import { Faults } from '../faults.js';

export interface SystemContext {
  /** false: https without certificate checks, then plain http (skopeo's --tls-verify=false). */
  tlsVerify: boolean;
  /** No bytes (headers or body) from a registry for this long fails the request (skopeo has no such limit). */
  registryIdleTimeoutMs: number;
  /** Aborted when the session ends, so that no request outlives it. */
  signal: AbortSignal;
  /** The session's deliberate deviations, for those on the registry path. */
  faults: Faults;
}

/** The defaults, for a caller outside a session (tests, tools). */
export function defaultSystemContext(signal: AbortSignal = new AbortController().signal): SystemContext {
  return { tlsVerify: true, registryIdleTimeoutMs: DEFAULT_REGISTRY_IDLE_TIMEOUT_MS, signal, faults: new Faults() };
}
