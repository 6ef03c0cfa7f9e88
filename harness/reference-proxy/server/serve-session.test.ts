// serveSession in this process on one end of a socketpair, the test playing the client on the other.
import { beforeAll, describe, expect, test } from 'vitest';
import { isHarnessError } from '../../errors.js';
import type { FixtureImage } from '../../images/index.js';
import * as native from '../../native.js';
import { ProxyClient, type CallOutcome } from '../../protocol/client.js';
import { Transcript } from '../../protocol/transcript.js';
import { PacketSocket } from '../../transport/packet-socket.js';
import { readPipe } from '../../transport/pipe-reader.js';
import type { SessionEnd, SessionEvent } from '../session/observer.js';
import { serveSession, type SessionOptions } from './serve-session.js';
import { countOpenFds, fixtureImage } from '../../test-support/reference-proxy/session.js';

const CALL = { timeoutMs: 3000 };

let simple: FixtureImage;

beforeAll(async () => {
  simple = await fixtureImage('oci-simple@oci');
});

interface Served {
  client: ProxyClient;
  socket: PacketSocket;
  events: SessionEvent[];
  ended: Promise<SessionEnd>;
}

function serve(options: SessionOptions = {}): Served {
  const [ours, theirs] = native.socketpair();
  const events: SessionEvent[] = [];
  const ended = serveSession(theirs, { ...options, observer: (event) => events.push(event) });
  const socket = new PacketSocket(ours);
  return { client: new ProxyClient(socket, new Transcript(), new AbortController().signal), socket, events, ended };
}

function rawReply(outcome: CallOutcome): string {
  if (outcome.kind !== 'reply') throw new Error(`expected a reply, got ${outcome.kind}`);
  return outcome.raw.toString('utf8');
}

/** Each event reduced to what the order test compares. */
function summary(event: SessionEvent): unknown {
  switch (event.type) {
    case 'request':
      return ['request', event.request?.method];
    case 'reply':
      return ['reply', event.envelope.success, event.fds.length];
    case 'pipe-opened':
      return ['pipe-opened', event.method, event.role];
    case 'pipe-finished':
      return ['pipe-finished', event.error];
    case 'pipe-written':
      return ['pipe-written'];
    case 'pipe-write-error':
      return ['pipe-write-error', event.error.message];
    case 'pipe-closed':
      return ['pipe-closed'];
    case 'end':
      return ['end', event.end];
  }
}

describe('serveSession', () => {
  test('the observer sees every request and reply in order, the GetBlob pipe opened, written, finished and closed, then the end; every fd is closed', async () => {
    const before = countOpenFds();
    const layer = simple.expected?.layers[0];
    if (!layer) throw new Error('oci-simple has no layer');
    const s = serve();
    await s.client.call('Initialize', [], CALL);
    const opened = await s.client.call('OpenImage', [simple.reference], CALL);
    const imageId = opened.kind === 'reply' ? opened.reply?.value : undefined;
    const blob = await s.client.call('GetBlob', [imageId, layer.digest, layer.size], CALL);
    if (blob.kind !== 'reply' || blob.reply === null) throw new Error('GetBlob got no reply');
    const readFd = s.socket.release(blob.fds[0] as number);
    const reading = readPipe(readFd, { signal: AbortSignal.timeout(3000) });
    const finish = await s.client.call('FinishPipe', [blob.reply.pipeid], CALL);
    const payload = await reading;
    native.close(readFd);
    s.socket.close();
    expect(await s.ended).toEqual({ reason: 'eof', exitCode: 0 });

    expect(rawReply(finish)).toBe('{"success":true,"value":null,"pipeid":0,"error_code":"","error":""}');
    expect(payload).toMatchObject({ bytes: layer.size, sha256: layer.digest, end: 'eof' });
    expect(s.events.filter((e) => e.type !== 'pipe-written').map(summary)).toEqual([
      ['request', 'Initialize'],
      ['reply', true, 0],
      ['request', 'OpenImage'],
      ['reply', true, 0],
      ['request', 'GetBlob'],
      ['pipe-opened', 'GetBlob', 'payload'],
      ['reply', true, 1],
      ['request', 'FinishPipe'],
      ['pipe-finished', null],
      ['pipe-closed'],
      ['reply', true, 0],
      ['end', { reason: 'eof', exitCode: 0 }],
    ]);
    // Every byte written into the pipe is reported, for a client's progress-aware deadline.
    expect(s.events.reduce((sum, e) => sum + (e.type === 'pipe-written' ? e.bytes : 0), 0)).toBe(layer.size);
    const [request, reply] = s.events;
    expect(request).toMatchObject({ type: 'request', raw: Buffer.from('{"method":"Initialize","args":[]}'), request: { method: 'Initialize', args: [] }, error: null });
    expect(reply?.type === 'reply' && reply.raw.toString()).toBe('{"success":true,"value":"0.2.8","pipeid":0,"error_code":"","error":""}');
    const pipeOpened = s.events.find((e) => e.type === 'pipe-opened');
    const blobReply = s.events.filter((e) => e.type === 'reply')[2];
    expect(pipeOpened?.type === 'pipe-opened' && blobReply?.type === 'reply' && [pipeOpened.pipeid, pipeOpened.readFd]).toEqual([
      blobReply?.type === 'reply' ? blobReply.envelope.pipeid : -1,
      blobReply?.type === 'reply' ? blobReply.fds[0] : -1,
    ]);
    expect(s.events.find((e) => e.type === 'pipe-closed')).toEqual({ type: 'pipe-closed', writeFd: pipeOpened?.type === 'pipe-opened' ? pipeOpened.writeFd : -1 });
    expect(countOpenFds()).toBe(before);
  });

  test('a session at protocol 0.2.7 answers Initialize "0.2.7", GetRawBlob as an unknown method, and no reply has error_code', async () => {
    const s = serve({ protocolVersion: '0.2.7' });
    expect(rawReply(await s.client.call('Initialize', [], CALL))).toBe('{"success":true,"value":"0.2.7","pipeid":0,"error":""}');
    const opened = await s.client.call('OpenImage', [simple.reference], CALL);
    expect(rawReply(opened)).toBe('{"success":true,"value":1,"pipeid":0,"error":""}');
    const layer = simple.expected?.layers[0];
    expect(rawReply(await s.client.call('GetRawBlob', [1, layer?.digest], CALL))).toBe('{"success":false,"value":null,"pipeid":0,"error":"unknown method: GetRawBlob"}');
    expect(rawReply(await s.client.call('GetLayerInfoPiped', [0], CALL))).toBe('{"success":false,"value":null,"pipeid":0,"error":"Invalid imageid value of zero"}');
    s.socket.close();
    expect(await s.ended).toEqual({ reason: 'eof', exitCode: 0 });
  });

  test('each method newer than the session\'s version is unknown, and the older ones are served', async () => {
    const s = serve({ protocolVersion: '0.2.3' });
    await s.client.call('Initialize', [], CALL);
    for (const method of ['OpenImageOptional', 'GetLayerInfo', 'GetLayerInfoPiped', 'GetRawBlob']) {
      expect(rawReply(await s.client.call(method, [], CALL))).toBe(`{"success":false,"value":null,"pipeid":0,"error":"unknown method: ${method}"}`);
    }
    expect(rawReply(await s.client.call('GetFullConfig', [], CALL))).toBe('{"success":false,"value":null,"pipeid":0,"error":"invalid request, expecting: [imgid]"}');
    s.socket.close();
    await s.ended;
  });

  test('Shutdown ends the session with exit code 0 and no reply; a crash ends it with 2 and its stderr text', async () => {
    const shutdown = serve();
    await shutdown.client.send(Buffer.from('{"method":"Shutdown"}'));
    expect(await shutdown.ended).toEqual({ reason: 'shutdown', exitCode: 0 });
    expect(shutdown.events.map((e) => e.type)).toEqual(['request', 'end']);
    shutdown.socket.close();

    let stderr = '';
    const crash = serve({ stderr: (text) => (stderr += text) });
    expect((await crash.client.call('FinishPipe', [], CALL)).kind).toBe('eof');
    expect(await crash.ended).toEqual({ reason: 'crash', exitCode: 2 });
    expect(stderr).toMatch(/^panic: runtime error: index out of range \[0\] with length 0/);
    crash.socket.close();
  });

  test('aborting the signal ends a session blocked in FinishPipe: the end is "aborted", exit code 1, and its fds are closed', async () => {
    const before = countOpenFds();
    const big = await fixtureImage('oci-big-layer@oci');
    const layer = big.expected?.layers.find((l) => l.size > 1024 * 1024);
    if (!layer) throw new Error('oci-big-layer has no layer over 1 MiB');
    const abort = new AbortController();
    const s = serve({ signal: abort.signal });
    await s.client.call('Initialize', [], CALL);
    await s.client.call('OpenImage', [big.reference], CALL);
    const blob = await s.client.call('GetBlob', [1, layer.digest, layer.size], CALL);
    if (blob.kind !== 'reply' || blob.reply === null) throw new Error('GetBlob got no reply');
    expect((await s.client.call('FinishPipe', [blob.reply.pipeid], { timeoutMs: 300 })).kind).toBe('timeout');
    abort.abort(new Error('test over'));
    expect(await s.ended).toEqual({ reason: 'aborted', exitCode: 1 });
    expect(s.events.at(-1)).toEqual({ type: 'end', end: { reason: 'aborted', exitCode: 1 } });
    s.socket.close();
    expect(countOpenFds()).toBe(before);
  });

  // The session owns its socket from the call on: a refusal closes it too, so no caller can leak it.
  test('a protocol version the proxy cannot speak is a PC_USAGE HarnessError, and the socket is closed', async () => {
    const before = countOpenFds();
    for (const version of ['0.2', '0.2.0', '0.2.9', '1.0.0']) {
      const [ours, theirs] = native.socketpair();
      const error = await serveSession(theirs, { protocolVersion: version }).catch((e: unknown) => e);
      expect(isHarnessError(error) && error.code).toBe('PC_USAGE');
      native.close(ours);
    }
    expect(countOpenFds()).toBe(before);
  });

  test('a registry idle timeout that is not a positive whole number of milliseconds is a PC_USAGE HarnessError, and the socket is closed', async () => {
    const before = countOpenFds();
    for (const ms of [0, -1, 1.5, Number.NaN]) {
      const [ours, theirs] = native.socketpair();
      const error = await serveSession(theirs, { registryIdleTimeoutMs: ms }).catch((e: unknown) => e);
      expect(isHarnessError(error) && error.code).toBe('PC_USAGE');
      native.close(ours);
    }
    expect(countOpenFds()).toBe(before);
  });
});
