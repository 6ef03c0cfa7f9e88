// docker:// through the fault-injecting upstream in front of a real registry: each upstream fault
// and what the reference proxy replies (where skopeo 1.9.3 was observed, the same texts), with the
// 0.2.8 error_code; a stalled body fails after the idle timeout, where skopeo hangs (skopeo #2878).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { UpstreamFault } from '../../../model/upstream-profile.js';
import { snapshotFds, type FdTable } from '../../../transport/fd-inspect.js';
import { expected } from '../../../test-support/reference-proxy/golden.js';
import { RegistryFixtures, registryArgs } from '../../../test-support/reference-proxy/registry.js';
import { expectReply, Session, withSession } from '../../../test-support/reference-proxy/session.js';
import { waitUntil } from '../../../test-support/wait-until.js';

const IDLE_MS = 1000;
let r: RegistryFixtures;
let reference: string;
let layer: { digest: string; size: number };

beforeAll(async () => {
  r = await RegistryFixtures.start();
  const image = r.image('oci-big-layer@docker');
  reference = r.viaUpstream(image);
  const first = expected(image).layers[0];
  if (!first) throw new Error('oci-big-layer has no layer');
  layer = first;
});

afterAll(async () => {
  await r?.stop();
});

/** What one GetBlob and its FinishPipe came to, reduced to what the table compares. */
interface BlobOutcome {
  getBlob: { success: boolean; value: unknown; error: string; code: string | undefined };
  bytes: number;
  sha256: string;
  finish: { success: boolean; error: string; code: string | undefined } | null;
}

/** The registry idle timeout of a fault that is not a stall: far above what a loaded machine's pauses take. */
const NOT_A_STALL_IDLE_MS = 30_000;

async function getBlobThrough(fault: UpstreamFault | null): Promise<BlobOutcome> {
  r.upstream.setRules(fault ? [{ target: { kind: 'blob', digest: layer.digest }, fault }] : []);
  // Only a stall is meant to meet the idle timeout; any other fault gets one it cannot meet by accident.
  const idleMs = fault?.kind.startsWith('stall') ? IDLE_MS : NOT_A_STALL_IDLE_MS;
  return withSession(registryArgs(idleMs), async (s) => {
    await s.initialize();
    const { reply, payload, finish } = await s.piped('GetBlob', [await s.open(reference), layer.digest, layer.size], { timeoutMs: idleMs * 8 });
    const f = reply.reply.success ? expectReply(finish, 'FinishPipe').reply : null;
    return {
      getBlob: { success: reply.reply.success, value: reply.reply.value, error: reply.reply.error, code: reply.reply.error_code },
      bytes: payload.bytes,
      sha256: payload.sha256,
      finish: f && { success: f.success, error: f.error, code: f.error_code },
    };
  });
}

const after = 100_000;
const connection = (): string => `read tcp 127\\.0\\.0\\.1:\\d+->${r.upstream.host.replace(/\./g, '\\.')}`;

describe('GetBlob through a faulty upstream', () => {
  test('no fault: value = Content-Length, the exact bytes, FinishPipe succeeds', async () => {
    const got = await getBlobThrough(null);
    expect(got).toEqual({ getBlob: { success: true, value: layer.size, error: '', code: '' }, bytes: layer.size, sha256: layer.digest, finish: { success: true, error: '', code: '' } });
  });

  // The first break is always reconnected (containers/image's bodyReader): a 200 to the Range
  // request is refused; a second break without 1 MiB of progress ends the blob, with the decision's inputs.
  const heuristic = (total: number, lastRetry: number) => `^\\(heuristic tuning data: total ${total} @[\\d.]+ ms, last retry ${lastRetry} @[\\d.]+ ms, last progress @ [\\d.]+ ms\\): `;
  test.each([
    ['reset mid-body, Range ignored', { kind: 'reset', after, range: false }, () => `^${connection()}: read: connection reset by peer \\(after reconnecting, server did not process a Range: header, status 200\\)$`, 'retryable', after],
    ['reset after 1 MiB, Range ignored', { kind: 'reset', after: 1024 * 1024 + 10, range: false }, () => `^${connection()}: read: connection reset by peer \\(after reconnecting, server did not process a Range: header, status 200\\)$`, 'retryable', 1024 * 1024 + 10],
    ['reset, every reconnection reset too', { kind: 'reset', after, range: true, rangeAfter: 0 }, () => `${heuristic(after, after)}${connection()}: read: connection reset by peer$`, 'retryable', after],
    ['truncated below Content-Length (the reconnection too)', { kind: 'truncate', after }, () => `${heuristic(2 * after, after)}unexpected EOF$`, 'other', 2 * after],
    ['chunked, cut before the last chunk (the reconnection too)', { kind: 'chunked', truncateAfter: after }, () => `${heuristic(2 * after, after)}unexpected EOF$`, 'other', 2 * after],
    ['stalled body (idle timeout)', { kind: 'stall-body', after }, () => `^${connection()}: i/o timeout \\(no data from the registry for ${IDLE_MS} ms\\)$`, 'retryable', after],
  ] as Array<[string, UpstreamFault, () => string, string, number]>)('%s: GetBlob succeeds, the bytes stop, FinishPipe fails', async (_what, fault, error, code, cut) => {
    const got = await getBlobThrough(fault);
    expect(got.getBlob).toEqual({ success: true, value: fault.kind === 'chunked' ? -1 : layer.size, error: '', code: '' });
    expect(got.bytes).toBe(cut);
    expect(got.finish?.success).toBe(false);
    expect(got.finish?.error).toMatch(new RegExp(error()));
    expect(got.finish?.code).toBe(code);
  });

  test('reset after 1 MiB, Range honoured: resumed with a Range request (206), the whole blob, FinishPipe succeeds', async () => {
    const got = await getBlobThrough({ kind: 'reset', after: 1024 * 1024 + 10, range: true });
    expect(got).toEqual({ getBlob: { success: true, value: layer.size, error: '', code: '' }, bytes: layer.size, sha256: layer.digest, finish: { success: true, error: '', code: '' } });
    expect(r.upstream.events.filter((e) => e.path.includes('/blobs/')).map((e) => [e.range, e.status, e.fault])).toEqual([
      [null, 200, 'reset'],
      ['bytes=1048586-', 206, null],
    ]);
  });

  test('no Content-Length (chunked): value -1, the whole blob, digest verified, FinishPipe succeeds', async () => {
    const got = await getBlobThrough({ kind: 'chunked' });
    expect(got).toEqual({ getBlob: { success: true, value: -1, error: '', code: '' }, bytes: layer.size, sha256: layer.digest, finish: { success: true, error: '', code: '' } });
  });

  test('one changed byte: every byte streams, FinishPipe "corrupted blob"', async () => {
    const got = await getBlobThrough({ kind: 'corrupt', offset: 2_000_000 });
    expect(got.bytes).toBe(layer.size);
    expect(got.sha256).not.toBe(layer.digest);
    expect(got.finish).toEqual({ success: false, error: `corrupted blob, expecting ${layer.digest}`, code: 'other' });
  });

  test('a slow drip that completes is a success', async () => {
    const got = await getBlobThrough({ kind: 'drip', bytes: 256 * 1024, intervalMs: 5 });
    expect([got.getBlob.success, got.sha256, got.finish?.success]).toEqual([true, layer.digest, true]);
  });

  // containers/common's classifier: a 4xx body's registry error code decides (UNKNOWN is retryable); other statuses only 502–504.
  test.each([
    [404, 'unknown: injected status 404', 'retryable'],
    [500, 'received unexpected HTTP status: 500 Internal Server Error', 'other'],
    [502, 'received unexpected HTTP status: 502 Bad Gateway', 'retryable'],
    [503, 'received unexpected HTTP status: 503 Service Unavailable', 'retryable'],
    [504, 'received unexpected HTTP status: 504 Gateway Timeout', 'retryable'],
  ])('status %i: GetBlob fails, no retry', async (status, text, code) => {
    const got = await getBlobThrough({ kind: 'status', status, times: 1 });
    expect(got.getBlob).toEqual({ success: false, value: null, error: `fetching blob: ${text}`, code });
    expect(r.upstream.events.filter((e) => e.path.includes('/blobs/'))).toHaveLength(1);
  });

  test('status 404 saying BLOB_UNKNOWN: retryable, as skopeo 1.22.0 says (the SHOULD case wants other)', async () => {
    const got = await getBlobThrough({ kind: 'status', status: 404, times: 1, code: 'BLOB_UNKNOWN' });
    expect(got.getBlob).toEqual({ success: false, value: null, error: 'fetching blob: blob unknown: injected status 404', code: 'retryable' });
  });

  test('no headers (stalled before them): GetBlob fails as retryable after the idle timeout', async () => {
    const got = await getBlobThrough({ kind: 'stall-headers' });
    expect(got.getBlob).toEqual({
      success: false,
      value: null,
      error: `Get "http://${r.upstream.host}/v2/proxy-conformance/oci-big-layer/blobs/${layer.digest}": timeout awaiting response headers (no answer from the registry for ${IDLE_MS} ms)`,
      code: 'retryable',
    });
  });
});

describe('GetRawBlob through a faulty upstream', () => {
  test('a reset (Range ignored on reconnecting): the data stops and the error pipe carries one retryable JSON object', async () => {
    r.upstream.setRules([{ target: { kind: 'blob', digest: layer.digest }, fault: { kind: 'reset', after, range: false } }]);
    await withSession(registryArgs(NOT_A_STALL_IDLE_MS), async (s) => {
      await s.initialize();
      const got = await s.ok('GetRawBlob', [await s.open(reference), layer.digest]);
      const [data, err] = got.fds.map((fd) => s.take(fd)) as [number, number];
      const [d, e] = await Promise.all([s.drain(data, { keep: false }), s.drain(err)]);
      expect([d.bytes, d.end, e.end]).toEqual([after, 'eof', 'eof']);
      const sent = JSON.parse(e.data?.toString() ?? '') as { code: string; message: string };
      expect(sent.code).toBe('retryable');
      expect(sent.message).toMatch(new RegExp(`^${connection()}: read: connection reset by peer \\(after reconnecting, server did not process a Range: header, status 200\\)$`));
    });
  });
});

describe('OpenImage through a faulty upstream (manifest faults)', () => {
  async function openThrough(fault: UpstreamFault): Promise<{ success: boolean; error: string; code: string | undefined; value: unknown }> {
    r.upstream.setRules([{ target: { kind: 'manifest' }, fault }]);
    const idleMs = fault.kind.startsWith('stall') ? IDLE_MS : NOT_A_STALL_IDLE_MS;
    return withSession(registryArgs(idleMs), async (s) => {
      await s.initialize();
      const { reply } = await s.reply('OpenImage', [reference], idleMs * 4);
      return { success: reply.success, error: reply.error, code: reply.error_code, value: reply.value };
    });
  }
  const name = (): string => `${r.upstream.host}/proxy-conformance/oci-big-layer`;

  test.each([
    [503, () => 'received unexpected HTTP status: 503 Service Unavailable', 'retryable'],
    [500, () => 'received unexpected HTTP status: 500 Internal Server Error', 'other'],
    // The body's registry error code UNKNOWN is not one containers/common treats as final.
    [404, () => 'unknown: injected status 404', 'retryable'],
  ] as Array<[number, () => string, string]>)('status %i fails OpenImage', async (status, text, code) => {
    expect(await openThrough({ kind: 'status', status, times: 1 })).toEqual({ success: false, value: null, error: `reading manifest latest in ${name()}: ${text()}`, code });
  });

  test('no headers: OpenImage fails as retryable after the idle timeout', async () => {
    expect(await openThrough({ kind: 'stall-headers' })).toMatchObject({ success: false, error: expect.stringMatching(/manifests\/latest": timeout awaiting response headers/), code: 'retryable' });
  });

  test('a slow drip opens the image', async () => {
    expect(await openThrough({ kind: 'drip', bytes: 64, intervalMs: 2 })).toMatchObject({ success: true, value: 1 });
  });

  test('a manifest labelled text/plain opens, and GetManifest fails as skopeo 1.9.3–1.22.0 do: read as Docker schema1', async () => {
    r.upstream.setRules([{ target: { kind: 'manifest' }, fault: { kind: 'content-type', value: 'text/plain; charset=utf-8' } }]);
    await withSession(registryArgs(NOT_A_STALL_IDLE_MS), async (s) => {
      await s.initialize();
      const { reply } = await s.reply('GetManifest', [await s.open(reference)]);
      expect(reply).toMatchObject({ success: false, error: 'unsupported schema version 2', error_code: 'other' });
    });
  });
});

describe('resources', () => {
  test('a session ended while FinishPipe waits on a stalled body (long idle timeout) stops at once and leaves no fd open', async () => {
    const before = snapshotFds(process.pid) as FdTable;
    r.upstream.setRules([{ target: { kind: 'blob', digest: layer.digest }, fault: { kind: 'stall-body', after } }]);
    const s = new Session(registryArgs(600_000));
    await s.initialize();
    const blob = await s.ok('GetBlob', [await s.open(reference), layer.digest, layer.size]);
    s.take(blob.fds[0] as number);
    expect((await s.call('FinishPipe', [blob.reply.pipeid], 500)).kind).toBe('timeout');
    // Ended, not waited out: the stalled body would hold FinishPipe for the whole idle timeout, ten
    // times the test's own timeout.
    expect(await s.end(200)).toBe(1);
    r.upstream.setRules([]);
    // Every fd the session opened is closed again (fds other work closed meanwhile do not count).
    const openedSince = (): string[] => [...(snapshotFds(process.pid) as FdTable)].filter(([fd, target]) => before.get(fd) !== target).map(([fd, target]) => `${fd} → ${target}`);
    await waitUntil(() => openedSince().length === 0);
  });
});
