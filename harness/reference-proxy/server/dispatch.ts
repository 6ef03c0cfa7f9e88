// From a decoded request to its outcome: the method table (name → handler), the protocol version's
// gate (a method newer than the session's version is unknown), and the requests that end the
// session instead of being answered (Shutdown, FinishPipe's panic without arguments).
import type { Faults } from '../faults.js';
import { initialize } from '../methods/initialize.js';
import type { MethodHandler, MethodResult } from '../methods/method-result.js';
import { ProxyCrash, ProxyError } from '../proxy-error.js';
import type { GoAny } from '../session/request.js';
import type { SessionState } from '../session/session-state.js';

/** How handling a request ends. */
export type Outcome =
  | { kind: 'reply'; result: MethodResult }
  | { kind: 'error'; error: ProxyError }
  /** Shutdown: exit with this code, with or without (the real behaviour) a reply first. */
  | { kind: 'terminate'; exitCode: number; reply: boolean }
  /** A crash: the stderr text and exit code, no reply. */
  | { kind: 'crash'; exitCode: number; stderr: string };

/**
 * Each method's handler, loaded at its first request: a start-up (a process per session) loads only
 * what Initialize needs, and the image, manifest and blob code comes with the first request for it.
 */
const HANDLERS = new Map<string, () => Promise<MethodHandler>>([
  ['Initialize', async () => initialize],
  ['OpenImage', async () => (await import('../methods/images.js')).openImage],
  ['OpenImageOptional', async () => (await import('../methods/images.js')).openImageOptional],
  ['CloseImage', async () => (await import('../methods/images.js')).closeImage],
  ['GetManifest', async () => (await import('../methods/get-manifest.js')).getManifest],
  ['GetConfig', async () => (await import('../methods/get-config.js')).getConfig],
  ['GetFullConfig', async () => (await import('../methods/get-config.js')).getFullConfig],
  ['GetBlob', async () => (await import('../methods/get-blob.js')).getBlob],
  ['GetRawBlob', async () => (await import('../methods/get-raw-blob.js')).getRawBlob],
  ['GetLayerInfo', async () => (await import('../methods/get-layer-info.js')).getLayerInfo],
  ['GetLayerInfoPiped', async () => (await import('../methods/get-layer-info.js')).getLayerInfoPiped],
  ['FinishPipe', async () => (await import('../methods/finish-pipe.js')).finishPipe],
]);

const BLOB_METHODS = new Set(['GetBlob', 'GetRawBlob']);
/** Sessions whose first blob request already failed under blob-retryable-once. */
const retried = new WeakSet<SessionState>();

/** skopeo's panic on FinishPipe without arguments: it indexes args[0] unchecked. */
const FINISH_PIPE_PANIC = 'panic: runtime error: index out of range [0] with length 0\n\ngoroutine 1 [running]:\nmain.(*proxyHandler).FinishPipe(...)\n';

export async function dispatch(state: SessionState, method: string, args: GoAny[] | null): Promise<Outcome> {
  const list = args ?? [];
  const { faults } = state;
  if (faults.has('fd-leak-per-request')) state.leakFd();
  const loadHandler = state.profile.serves(method) ? HANDLERS.get(method) : undefined;
  if (method === 'Shutdown' && state.profile.serves(method)) {
    return { kind: 'terminate', exitCode: faults.has('shutdown-exit-1') ? 1 : 0, reply: faults.has('reply-to-shutdown') };
  }
  if (loadHandler === undefined || (method === 'GetRawBlob' && faults.has('no-get-raw-blob'))) return unknownMethod(faults, method);
  if (BLOB_METHODS.has(method) && faults.has('crash-mid-session')) {
    return { kind: 'crash', exitCode: 2, stderr: `reference-proxy: crashing on ${method} (fault crash-mid-session)\n` };
  }
  if (BLOB_METHODS.has(method) && faults.has('blob-retryable-once') && !retried.has(state)) {
    retried.add(state);
    return { kind: 'error', error: new ProxyError('reading blob: received unexpected HTTP status: 503 Service Unavailable', 'retryable') };
  }
  if (method === 'FinishPipe' && list.length === 0 && !faults.has('finish-pipe-no-args-replies')) {
    // Before Initialize too: a Go panic, exit 2, no reply.
    return { kind: 'crash', exitCode: 2, stderr: FINISH_PIPE_PANIC };
  }
  const handler = await loadHandler();
  try {
    return { kind: 'reply', result: await handler(state, list) };
  } catch (error) {
    if (error instanceof ProxyError) return { kind: 'error', error };
    if (error instanceof ProxyCrash) return { kind: 'crash', exitCode: error.exitCode, stderr: error.stderr };
    throw error;
  }
}

function unknownMethod(faults: Faults, method: string): Outcome {
  if (faults.has('crash-on-unknown-method')) {
    return { kind: 'crash', exitCode: 2, stderr: `reference-proxy: crashing on unknown method ${JSON.stringify(method)} (fault crash-on-unknown-method)\n` };
  }
  return { kind: 'error', error: new ProxyError(`unknown method: ${method}`) };
}
