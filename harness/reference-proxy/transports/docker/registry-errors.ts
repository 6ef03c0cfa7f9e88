// How a registry failure reads and what kind it is (0.2.8 error_code), worded as containers/image
// words it: network errors as Go's net package prints them, statuses as its docker client does.
// Retryable, as its retry package decides: 502/503/504, resets, refused connections, timeouts.
import type { Faults } from '../../faults.js';
import { ProxyError, type ErrorCode } from '../../proxy-error.js';

const RETRYABLE_STATUSES = new Set([502, 503, 504]);
const RETRYABLE_ERRNOS = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENETUNREACH', 'EHOSTUNREACH']);

/** The connection's two ends, `127.0.0.1:A->127.0.0.1:B`, as Go names a TCP connection. */
export type ConnectionName = string;

/** Registry error codes containers/common's retry.IsErrorRetryable treats as final. */
const FINAL_REGISTRY_CODES = new Set(['UNAUTHORIZED', 'DENIED', 'NAME_UNKNOWN', 'MANIFEST_UNKNOWN']);

/**
 * The error_code of a registry's error response, as retry.IsErrorRetryable (containers/common
 * 0.62/0.67) judges what containers/image makes of it: a 4xx whose JSON body lists registry errors
 * becomes those errors, retryable unless one of them is UNAUTHORIZED, DENIED, NAME_UNKNOWN or
 * MANIFEST_UNKNOWN (so a 404 saying BLOB_UNKNOWN or UNKNOWN is retryable); any other response is an
 * unexpected status, retryable only for 502, 503 and 504.
 */
export function statusCode(status: number, faults?: Faults, body?: Buffer): ErrorCode {
  if (status === 500 && faults?.has('registry-500-retryable')) return 'retryable';
  if (status >= 400 && status < 500 && body !== undefined) {
    const codes = registryErrorCodes(body);
    // skopeo retries a blob the registry says it lacks; the fault gives the verdict a client would want.
    if (codes.includes('BLOB_UNKNOWN') && faults?.has('registry-blob-unknown-final')) return 'other';
    if (codes.length > 0) return codes.some((code) => FINAL_REGISTRY_CODES.has(code)) ? 'other' : 'retryable';
  }
  return RETRYABLE_STATUSES.has(status) ? 'retryable' : 'other';
}

/** The codes of a registry's JSON error body (`{"errors": [{"code": …}]}`), none when it is not one. */
function registryErrorCodes(body: Buffer): string[] {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { errors?: RegistryErrorEntry[] };
    if (!Array.isArray(parsed.errors)) return [];
    return parsed.errors.flatMap((e) => (typeof e?.code === 'string' ? [e.code] : []));
  } catch {
    return [];
  }
}

/** A failed request or body read: Go's text for the error, prefixed as the caller needs. */
export function networkError(error: unknown, host: string, connection: ConnectionName | null): ProxyError {
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message;
  const kind: ErrorCode = RETRYABLE_ERRNOS.has(code) ? 'retryable' : 'other';
  const conn = connection ?? host;
  switch (code) {
    case 'ECONNREFUSED':
      return new ProxyError(`dial tcp ${host}: connect: connection refused`, kind);
    case 'ECONNRESET':
      return new ProxyError(`read tcp ${conn}: read: connection reset by peer`, kind);
    case 'ETIMEDOUT':
      return new ProxyError(`dial tcp ${host}: i/o timeout`, kind);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ProxyError(`dial tcp: lookup ${host.replace(/:\d+$/, '')}: no such host`, kind);
    case 'EPIPE':
      return new ProxyError(`write tcp ${conn}: write: broken pipe`, kind);
  }
  // A TLS handshake answered in plain HTTP fails in OpenSSL's record layer.
  if (/wrong version number|packet length too long|http request/i.test(message)) return new ProxyError('http: server gave HTTP response to HTTPS client', 'other');
  if (code.startsWith('ERR_TLS_') || /certificate|self.signed|unable to verify/i.test(code + message)) {
    return new ProxyError(`tls: failed to verify certificate: x509: ${message}`, 'other');
  }
  return new ProxyError(message, kind);
}

/** The idle timeout of the reference proxy on a body read (skopeo has none and hangs: skopeo #2878). */
export function idleTimeoutError(connection: string, ms: number): ProxyError {
  return new ProxyError(`read tcp ${connection}: i/o timeout (no data from the registry for ${ms} ms)`, 'retryable');
}

/** The same timeout before the response headers (skopeo has no response-header timeout either). */
export function headerTimeoutError(ms: number): ProxyError {
  return new ProxyError(`timeout awaiting response headers (no answer from the registry for ${ms} ms)`, 'retryable');
}

/** The body a registry sends with an error status, at most this much of it. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

interface RegistryErrorEntry {
  code?: unknown;
  message?: unknown;
}

/** errcode's default message of the codes a registry commonly sends. */
const DEFAULT_MESSAGES: Record<string, string> = {
  MANIFEST_UNKNOWN: 'manifest unknown',
  NAME_UNKNOWN: 'repository name not known to registry',
  BLOB_UNKNOWN: 'blob unknown to registry',
  UNAUTHORIZED: 'authentication required',
  DENIED: 'requested access to the resource is denied',
  UNKNOWN: 'unknown error',
  TOOMANYREQUESTS: 'too many requests',
};

/** The first error of a registry's JSON error body, if it has one. */
export function firstRegistryError(body: Buffer): { code: string; message: string } | null {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { errors?: RegistryErrorEntry[] };
    const first = Array.isArray(parsed.errors) ? parsed.errors[0] : undefined;
    if (first === undefined || typeof first.code !== 'string') return null;
    return { code: first.code, message: typeof first.message === 'string' ? first.message : '' };
  } catch {
    return null;
  }
}

/**
 * registryHTTPResponseToError: a 4xx with a JSON error body reads as its first error (the
 * message alone when it is the code's default), a 4xx without one as `StatusCode: N, "body"`,
 * anything else as `received unexpected HTTP status: STATUS`.
 */
export function statusErrorText(status: number, statusMessage: string, body: Buffer): string {
  if (status < 400 || status >= 500) return `received unexpected HTTP status: ${status} ${statusMessage}`;
  const first = firstRegistryError(body);
  if (first === null) {
    let text = body.toString('utf8');
    if (text.length > 50) text = `${text.slice(0, 50)}...`;
    return `StatusCode: ${status}, ${JSON.stringify(text)}`;
  }
  const codeText = first.code.toLowerCase().replace(/_/g, ' ');
  return first.message === DEFAULT_MESSAGES[first.code] ? first.message : `${codeText}: ${first.message}`;
}

