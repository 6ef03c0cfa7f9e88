// A reverse proxy on its own loopback port in front of the registry that misbehaves on purpose:
// each rule names the requests (manifests, one blob) and what happens to their responses, down to
// the byte offset (stall, reset, truncation, chunking, statuses, changed bytes, a slow drip).
import http from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Progress } from '../transport/progress.js';
import type { UpstreamFault } from '../model/upstream-profile.js';
import { ruleMatches, targetOfPath, type UpstreamRule } from './upstream-faults.js';

/** One request the upstream saw, for a case's evidence. */
export interface UpstreamEvent {
  method: string;
  path: string;
  range: string | null;
  /** The status sent, or null when nothing was (a stall before the headers). */
  status: number | null;
  fault: UpstreamFault['kind'] | null;
  /** Body bytes sent before the response ended, stalled or was cut. */
  bytes: number;
}

/** Where a fault stops passing body bytes on, if it does. */
function cutoff(fault: UpstreamFault | undefined, range: string | null): number | undefined {
  if (fault === undefined) return undefined;
  if (fault.kind === 'reset' && range !== null) return fault.rangeAfter;
  if (fault.kind === 'stall-body' || fault.kind === 'reset' || fault.kind === 'truncate') return fault.after;
  if (fault.kind === 'chunked') return fault.truncateAfter;
  return undefined;
}

/** Writes and resolves once the bytes are handed to the kernel (a reset must not discard them). */
function write(res: http.ServerResponse, chunk: Buffer): Promise<void> {
  if (chunk.length === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    res.write(chunk, (error) => (error ? reject(error) : resolve()));
  });
}

/** Time for the peer to take what was written before the connection is reset under it. */
const BEFORE_RESET_MS = 250;

export class FaultyUpstream {
  readonly events: UpstreamEvent[] = [];
  private rules: UpstreamRule[] = [];
  private readonly served = new Map<UpstreamRule, number>();
  private readonly sockets = new Set<Socket>();
  /** Sockets a stall holds open: they end with the case (setRules) or the upstream (close). */
  private readonly held = new Set<Socket>();
  /** Responses a fault has cut short on purpose (their registry side is then destroyed by us). */
  private readonly cut = new WeakSet<http.ServerResponse>();
  /** The session whose deadlines the implementation's requests and the bytes sent to it restart. */
  private progress: Progress | null = null;

  private constructor(
    private readonly server: http.Server,
    private readonly registry: { hostname: string; port: number },
    /** `127.0.0.1:PORT`, the registry address to give the proxy under test. */
    readonly host: string,
  ) {}

  /** Listens on a free loopback port in front of `registryHost` (`127.0.0.1:PORT`). */
  static async start(registryHost: string): Promise<FaultyUpstream> {
    const [hostname, port] = registryHost.split(':') as [string, string];
    const server = http.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port from the upstream listener');
    const upstream = new FaultyUpstream(server, { hostname, port: Number(port) }, `127.0.0.1:${address.port}`);
    server.on('connection', (socket) => {
      upstream.sockets.add(socket);
      socket.on('close', () => upstream.sockets.delete(socket));
    });
    server.on('request', (req, res) => upstream.handle(req, res));
    return upstream;
  }

  /** Replaces the rules (one case's profile), forgets how often they applied, and clears the events. */
  setRules(rules: readonly UpstreamRule[]): void {
    this.rules = [...rules];
    this.served.clear();
    this.events.length = 0;
    // A stalled socket of the case before must not linger into this one.
    for (const socket of this.held) socket.destroy();
    this.held.clear();
  }

  /** Reports every request and every body byte sent from now on to `progress`. */
  reportTo(progress: Progress): void {
    this.progress = progress;
  }

  /** Closes every connection, stalled ones too, and stops listening. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://upstream');
    const rule = this.rules.find((r) => ruleMatches(r, targetOfPath(url.pathname)));
    const range = typeof req.headers.range === 'string' ? req.headers.range : null;
    const event: UpstreamEvent = { method: req.method ?? 'GET', path: url.pathname, range, status: null, fault: null, bytes: 0 };
    const again = this.events.some((e) => e.path === event.path);
    this.events.push(event);
    this.progress?.upstreamRequest(range, again);
    const fault = this.activeFault(rule, range);
    event.fault = fault?.kind ?? null;
    if (fault?.kind === 'stall-headers') {
      this.held.add(req.socket);
      return;
    }
    if (fault?.kind === 'status') {
      event.status = fault.status;
      res.writeHead(fault.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code: fault.code ?? 'UNKNOWN', message: `injected status ${fault.status}`, detail: null }] }));
      return;
    }
    const headers = { ...req.headers, host: `${this.registry.hostname}:${this.registry.port}` };
    // Without Range support the whole body comes back again with 200, as a server ignoring Range does.
    if (rule?.fault.kind === 'reset' && !rule.fault.range) delete headers.range;
    const forward = http.request({ hostname: this.registry.hostname, port: this.registry.port, method: req.method, path: req.url, headers }, (up) => {
      const out = { ...up.headers };
      if (fault?.kind === 'content-type') out['content-type'] = fault.value;
      if (fault?.kind === 'chunked') delete out['content-length'];
      event.status = up.statusCode ?? 502;
      res.writeHead(event.status, out);
      this.pump(up, res, req.method === 'HEAD' ? undefined : fault, event).catch(() => res.destroy());
    });
    // Once a fault has cut the registry's response on purpose, its end is not an error to pass on:
    // destroying ours here would close it cleanly before the fault's reset (a FIN, not an RST).
    forward.on('error', () => {
      if (!this.cut.has(res)) res.destroy();
    });
    req.pipe(forward);
  }

  /** The rule's fault for this request, if it still applies (statuses run out; resets spare range requests unless `rangeAfter`). */
  private activeFault(rule: UpstreamRule | undefined, range: string | null): UpstreamFault | undefined {
    if (rule === undefined) return undefined;
    const count = this.served.get(rule) ?? 0;
    this.served.set(rule, count + 1);
    if (rule.fault.kind === 'status' && count >= rule.fault.times) return undefined;
    if (rule.fault.kind === 'reset' && range !== null && (rule.fault.rangeAfter === undefined || !rule.fault.range)) return undefined;
    return rule.fault;
  }

  private async pump(up: http.IncomingMessage, res: http.ServerResponse, fault: UpstreamFault | undefined, event: UpstreamEvent): Promise<void> {
    const limit = cutoff(fault, event.range);
    for await (const data of up) {
      let chunk = data as Buffer;
      if (fault?.kind === 'corrupt' && fault.offset >= event.bytes && fault.offset < event.bytes + chunk.length) {
        chunk = Buffer.from(chunk);
        chunk[fault.offset - event.bytes] = (chunk[fault.offset - event.bytes] as number) ^ 0xff;
      }
      if (limit !== undefined && event.bytes + chunk.length >= limit) {
        await write(res, chunk.subarray(0, limit - event.bytes));
        this.progress?.upstreamBytes(limit - event.bytes);
        event.bytes = limit;
        this.cut.add(res);
        up.destroy();
        if (fault?.kind === 'reset') {
          // A reset right after the headers still sends them (a 206, then nothing): writeHead only stores them.
          res.flushHeaders();
          // Time for the peer to read what was sent before the reset.
          await sleep(BEFORE_RESET_MS, undefined, { ref: false });
          res.socket?.resetAndDestroy();
        } else if (fault?.kind !== 'stall-body') res.socket?.end();
        // A stalled body keeps its socket open until the case ends (setRules or close).
        else if (res.socket) this.held.add(res.socket);
        return;
      }
      if (fault?.kind === 'drip') {
        for (let i = 0; i < chunk.length; i += fault.bytes) {
          await write(res, chunk.subarray(i, i + fault.bytes));
          event.bytes += Math.min(fault.bytes, chunk.length - i);
          this.progress?.upstreamBytes(Math.min(fault.bytes, chunk.length - i));
          await sleep(fault.intervalMs, undefined, { ref: false });
        }
      } else {
        await write(res, chunk);
        event.bytes += chunk.length;
        this.progress?.upstreamBytes(chunk.length);
      }
    }
    res.end();
  }
}
