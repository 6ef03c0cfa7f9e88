// One GET to a registry on node:http or node:https, one connection each (nothing pooled, so
// nothing outlives the request's reader): the headers within the idle timeout, the body handed
// over as a ResponseBody; failures worded as Go's `Get "URL": …`; the session's end aborts it.
import http from 'node:http';
import https from 'node:https';
import { ProxyError } from '../../proxy-error.js';
import type { SystemContext } from '../../image/system-context.js';
import { headerTimeoutError, networkError } from './registry-errors.js';
import { ResponseBody, type Exchange } from './response-body.js';

export interface RegistryResponse {
  status: number;
  /** The reason phrase, for Go's resp.Status (`503 Service Unavailable`). */
  statusMessage: string;
  headers: http.IncomingHttpHeaders;
  /** Must be read to the end or closed. */
  body: ResponseBody;
}

/** Content-Length as a size, or −1 when absent (chunked) or not a number. */
function sizeOf(headers: http.IncomingHttpHeaders, system: SystemContext): number {
  const text = headers['content-length'];
  if (text !== undefined && /^\d+$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
  return system.faults.has('registry-unknown-size-zero') ? 0 : -1;
}

/** The longest a timer can wait: what no idle timeout at all amounts to. */
const NEVER_MS = 2 ** 31 - 1;

/** The idle timeout on a silent registry (none at all with the fault: skopeo #2878's shape). */
function idleTimeoutMs(system: SystemContext): number {
  return system.faults.has('registry-no-idle-timeout') ? NEVER_MS : system.registryIdleTimeoutMs;
}

export function registryGet(url: URL, headers: Record<string, string>, system: SystemContext): Promise<RegistryResponse> {
  const exchange: Exchange = { host: url.host, connection: null, error: null };
  const what = `Get "${url.href}"`;
  return new Promise((resolve, reject) => {
    if (system.signal.aborted) {
      reject(new ProxyError('the session has ended'));
      return;
    }
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, { method: 'GET', headers, agent: false, rejectUnauthorized: system.tlsVerify });
    let settled = false;
    const finish = (): boolean => {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      system.signal.removeEventListener('abort', onAbort);
      return true;
    };
    const fail = (error: ProxyError): void => {
      if (!finish()) return;
      req.destroy();
      reject(new ProxyError(error.message.startsWith('the session') ? error.message : `${what}: ${error.message}`, error.code));
    };
    const onAbort = () => fail(new ProxyError('the session has ended'));
    const timer = setTimeout(() => fail(headerTimeoutError(system.registryIdleTimeoutMs)), idleTimeoutMs(system));
    system.signal.addEventListener('abort', onAbort, { once: true });
    // The socket's own error (a reset) is kept as it happens, before the socket's close ends the body:
    // the request's 'error' below can come a moment after the body saw its early end.
    req.on('socket', (socket) => socket.on('error', (error) => void (exchange.error ??= error)));
    // Stays attached after the headers: a reset mid-body is reported here first.
    req.on('error', (error) => {
      exchange.error ??= error;
      fail(networkError(error, exchange.host, exchange.connection));
    });
    req.on('response', (res) => {
      const socket = res.socket;
      exchange.connection = `${socket.localAddress}:${socket.localPort}->${socket.remoteAddress}:${socket.remotePort}`;
      if (!finish()) {
        res.destroy();
        return;
      }
      const body = new ResponseBody(res, exchange, sizeOf(res.headers, system), url.href, idleTimeoutMs(system), system.signal, system.faults);
      resolve({ status: res.statusCode ?? 0, statusMessage: res.statusMessage ?? '', headers: res.headers, body });
    });
    req.end();
  });
}
