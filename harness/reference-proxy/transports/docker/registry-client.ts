// The registry as containers/image's docker client reaches it: the scheme is found once by pinging
// /v2/ (https; with TLS verification off, https without certificate checks and then plain http),
// then every request goes to that scheme. No authentication: a registry asking for it gets 401s.
import { ProxyError } from '../../proxy-error.js';
import { readBlobAtMost } from '../../image/source.js';
import type { SystemContext } from '../../image/system-context.js';
import { registryHost } from './reference.js';
import { MAX_ERROR_BODY_BYTES, statusCode, statusErrorText } from './registry-errors.js';
import { registryGet, type RegistryResponse } from './registry-request.js';

export class RegistryClient {
  /** `host:port` the API is reached at. */
  readonly host: string;
  private scheme: 'https' | 'http' | null = null;

  constructor(
    domain: string,
    readonly system: SystemContext,
  ) {
    this.host = registryHost(domain);
  }

  /** GET `path` (from /v2/ on); the caller reads or closes the body. */
  async get(path: string, headers: Record<string, string> = {}): Promise<RegistryResponse> {
    this.scheme ??= await this.detectScheme();
    return registryGet(new URL(`${this.scheme}://${this.host}${path}`), headers, this.system);
  }

  private async detectScheme(): Promise<'https' | 'http'> {
    try {
      await this.ping('https');
      return 'https';
    } catch (error) {
      if (this.system.tlsVerify || this.system.signal.aborted) throw this.pingError(error);
    }
    try {
      await this.ping('http');
      return 'http';
    } catch (error) {
      throw this.pingError(error);
    }
  }

  /** 200, or 401 (a registry that wants credentials), means the scheme works. */
  private async ping(scheme: 'https' | 'http'): Promise<void> {
    const res = await registryGet(new URL(`${scheme}://${this.host}/v2/`), {}, this.system);
    if (res.status === 200 || res.status === 401) {
      await res.body.close();
      return;
    }
    const body = await readBlobAtMost(res.body, MAX_ERROR_BODY_BYTES).catch(() => Buffer.alloc(0));
    throw new ProxyError(statusErrorText(res.status, res.statusMessage, body), statusCode(res.status, this.system.faults, body));
  }

  private pingError(error: unknown): ProxyError {
    const failure = error instanceof ProxyError ? error : new ProxyError((error as Error).message);
    if (this.system.signal.aborted) return failure;
    return new ProxyError(`pinging container registry ${this.host}: ${failure.message}`, failure.code);
  }
}
