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

/** skopeo's credential options (--creds, --no-creds, --username, --password), as given. */
export interface CredentialFlags {
  creds?: string;
  noCreds: boolean;
  username?: string;
  password?: string;
}

/**
 * The error skopeo's imageOptions.newSystemContext gives for these options, in its order, or null:
 * Initialize fails with it, every time, and the session stays uninitialized.
 */
export function credentialsError(flags: CredentialFlags): string | null {
  const { creds, noCreds, username, password } = flags;
  if (creds !== undefined && noCreds) return 'creds and no-creds cannot be specified at the same time';
  if (username !== undefined && noCreds) return 'username and no-creds cannot be specified at the same time';
  if (creds !== undefined && username !== undefined) return 'creds and username cannot be specified at the same time';
  if ((username !== undefined) !== (password !== undefined)) {
    return username !== undefined ? 'password must be specified when username is specified' : 'username must be specified when password is specified';
  }
  if (creds !== undefined) {
    // parseCreds: USERNAME[:PASSWORD].
    if (creds === '') return "credentials can't be empty";
    if (creds.split(':')[0] === '') return "username can't be empty";
  }
  return null;
}
