import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushBlob, pushManifest } from '../images/push-registry.js';
import { startRegistry, type RunningRegistry } from './start-registry.js';
import { FaultyUpstream } from './upstream.js';

const REPO = 'upstream-test/blob';
const blob = randomBytes(3 * 1024 * 1024);
const digest = `sha256:${createHash('sha256').update(blob).digest('hex')}`;
const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest, size: blob.length }, layers: [] }));
let registry: RunningRegistry;
let upstream: FaultyUpstream;

beforeAll(async () => {
  registry = await startRegistry();
  await pushBlob(registry.host, REPO, digest, blob);
  await pushManifest(registry.host, REPO, 'latest', 'application/vnd.oci.image.manifest.v1+json', manifest);
  upstream = await FaultyUpstream.start(registry.host);
});

afterAll(async () => {
  await upstream?.close();
  await registry?.stop();
});

const blobUrl = (): string => `http://${upstream.host}/v2/${REPO}/blobs/${digest}`;

/** The body as far as it arrives within `ms`, and how it ended. */
async function fetchBody(url: string, init: RequestInit = {}, ms = 1500): Promise<{ status: number | null; headers: Headers | null; bytes: number; end: 'complete' | 'error' | 'timeout'; body?: Buffer }> {
  const signal = AbortSignal.timeout(ms);
  let status: number | null = null;
  let headers: Headers | null = null;
  let bytes = 0;
  const parts: Buffer[] = [];
  try {
    const response = await fetch(url, { ...init, signal });
    status = response.status;
    headers = response.headers;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      parts.push(Buffer.from(chunk));
    }
    return { status, headers, bytes, end: 'complete', body: Buffer.concat(parts) };
  } catch (error) {
    return { status, headers, bytes, end: signal.aborted ? 'timeout' : 'error' };
  }
}

describe('the fault-injecting upstream in front of a real registry', () => {
  it('passes a blob through unchanged without a rule', async () => {
    upstream.setRules([]);
    const got = await fetchBody(blobUrl());
    expect(got.end).toBe('complete');
    expect(got.body?.equals(blob)).toBe(true);
    expect(upstream.events).toEqual([{ method: 'GET', path: `/v2/${REPO}/blobs/${digest}`, range: null, status: 200, fault: null, bytes: blob.length }]);
  });

  it('stalls after N body bytes with the socket left open, and before the headers', async () => {
    upstream.setRules([{ target: { kind: 'blob', digest }, fault: { kind: 'stall-body', after: 1000 } }]);
    const body = await fetchBody(blobUrl(), {}, 800);
    expect([body.status, body.bytes, body.end]).toEqual([200, 1000, 'timeout']);
    upstream.setRules([{ target: { kind: 'blob', digest }, fault: { kind: 'stall-headers' } }]);
    const headers = await fetchBody(blobUrl(), {}, 800);
    expect([headers.status, headers.end]).toEqual([null, 'timeout']);
  });

  it('resets after N bytes; with Range support the rest comes as 206, without it the whole body as 200', async () => {
    const after = 1024 * 1024 + 10;
    upstream.setRules([{ target: { kind: 'blob', digest }, fault: { kind: 'reset', after, range: true } }]);
    const cut = await fetchBody(blobUrl());
    expect([cut.end, cut.bytes]).toEqual(['error', after]);
    const rest = await fetchBody(blobUrl(), { headers: { range: `bytes=${after}-` } });
    expect(rest.status).toBe(206);
    expect(rest.headers?.get('content-range')).toBe(`bytes ${after}-${blob.length - 1}/${blob.length}`);
    expect(rest.body?.equals(blob.subarray(after))).toBe(true);
    upstream.setRules([{ target: { kind: 'blob', digest }, fault: { kind: 'reset', after, range: false } }]);
    await fetchBody(blobUrl());
    const ignored = await fetchBody(blobUrl(), { headers: { range: `bytes=${after}-` } });
    expect([ignored.status, ignored.bytes]).toEqual([200, blob.length]);
  });

  it('truncates cleanly below Content-Length, and chunks a body without Content-Length, cut or whole', async () => {
    upstream.setRules([{ target: { kind: 'blob', digest }, fault: { kind: 'truncate', after: 5000 } }]);
    const truncated = await fetchBody(blobUrl());
    expect([truncated.headers?.get('content-length'), truncated.bytes, truncated.end]).toEqual([String(blob.length), 5000, 'error']);
    upstream.setRules([{ target: { kind: 'blob', digest }, fault: { kind: 'chunked' } }]);
    const whole = await fetchBody(blobUrl());
    expect([whole.headers?.get('content-length'), whole.headers?.get('transfer-encoding'), whole.end]).toEqual([null, 'chunked', 'complete']);
    expect(whole.body?.equals(blob)).toBe(true);
    upstream.setRules([{ target: { kind: 'blob', digest }, fault: { kind: 'chunked', truncateAfter: 7000 } }]);
    const cutChunked = await fetchBody(blobUrl());
    expect([cutChunked.bytes, cutChunked.end]).toEqual([7000, 'error']);
  });

  it('answers a status for the first N requests, then the registry\'s answer', async () => {
    upstream.setRules([{ target: { kind: 'blob', digest }, fault: { kind: 'status', status: 503, times: 1 } }]);
    const failed = await fetchBody(blobUrl());
    expect([failed.status, JSON.parse(failed.body?.toString() ?? '').errors[0].code]).toEqual([503, 'UNKNOWN']);
    expect((await fetchBody(blobUrl())).status).toBe(200);
  });

  it('puts the registry error code a status fault names into its JSON error body', async () => {
    upstream.setRules([{ target: { kind: 'blob', digest }, fault: { kind: 'status', status: 404, times: 1, code: 'BLOB_UNKNOWN' } }]);
    const missing = await fetchBody(blobUrl());
    expect([missing.status, missing.headers?.get('content-type')]).toEqual([404, 'application/json']);
    expect(JSON.parse(missing.body?.toString() ?? '')).toEqual({ errors: [{ code: 'BLOB_UNKNOWN', message: 'injected status 404', detail: null }] });
  });

  it('changes one byte at an offset, drips slowly to the end, and replaces a manifest\'s Content-Type', async () => {
    upstream.setRules([{ target: { kind: 'blob', digest }, fault: { kind: 'corrupt', offset: 2_000_000 } }]);
    const corrupt = await fetchBody(blobUrl());
    expect(corrupt.bytes).toBe(blob.length);
    expect(corrupt.body?.equals(blob)).toBe(false);
    expect(corrupt.body?.subarray(0, 2_000_000).equals(blob.subarray(0, 2_000_000))).toBe(true);
    upstream.setRules([{ target: { kind: 'manifest' }, fault: { kind: 'drip', bytes: 64, intervalMs: 5 } }]);
    const started = performance.now();
    const drip = await fetchBody(`http://${upstream.host}/v2/${REPO}/manifests/latest`, { headers: { accept: 'application/vnd.oci.image.manifest.v1+json' } }, 10_000);
    expect(drip.body?.equals(manifest)).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(5 * Math.floor(manifest.length / 64));
    upstream.setRules([{ target: { kind: 'manifest' }, fault: { kind: 'content-type', value: 'text/plain' } }]);
    const typed = await fetchBody(`http://${upstream.host}/v2/${REPO}/manifests/latest`, { headers: { accept: 'application/vnd.oci.image.manifest.v1+json' } });
    expect(typed.headers?.get('content-type')).toBe('text/plain');
  });
});
