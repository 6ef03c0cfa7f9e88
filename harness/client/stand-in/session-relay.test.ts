// The relay's view of requests in flight, decided by the socket queues rather than by who ran
// first: a request sent while a reply lay unread overlaps it, however late the relay looked.
import { afterEach, describe, expect, test } from 'vitest';
import * as native from '../../native.js';
import { PacketSocket } from '../../transport/packet-socket.js';
import { SessionRelay } from './session-relay.js';

const request = (method: string) => Buffer.from(JSON.stringify({ method, args: [] }));
const REPLY = Buffer.from(JSON.stringify({ success: true, value: null, pipeid: 0, error: '' }));

let open: { close(): void }[] = [];
afterEach(async () => {
  for (const o of open) o.close();
  open = [];
});

function session() {
  const [clientEnd, relayEnd] = native.socketpair();
  const stop = new AbortController();
  const relay = new SessionRelay(relayEnd, stop.signal);
  const client = new PacketSocket(clientEnd);
  const proxy = new PacketSocket(relay.proxyFd);
  open.push(client, proxy, { close: () => stop.abort() });
  /** The proxy answers one request and says which it was. */
  const answer = async () => {
    const packet = await proxy.receive();
    if (packet.kind !== 'packet') throw new Error('the relay ended the session');
    await proxy.send(REPLY);
    return JSON.parse(packet.data.toString('utf8')) as { method: string };
  };
  return { relay, client, proxy, answer };
}

describe('the session relay', () => {
  test('sees a request sent while the previous reply lay unread in the client\'s socket', async () => {
    const { relay, client, answer } = session();
    await client.send(request('CloseImage'));
    expect((await answer()).method).toBe('CloseImage');
    // The reply is in the client's socket, passed on and not read, when the next request goes.
    await client.waitUntilReadable();
    await client.send(request('Initialize'));
    expect((await answer()).method).toBe('Initialize');
    expect(relay.overlapping).toEqual([{ method: 'Initialize', pending: ['CloseImage'] }]);
  });

  test('sees a request sent before the proxy answered the previous one', async () => {
    const { relay, client, answer } = session();
    await client.send(request('CloseImage'));
    await client.send(request('Initialize'));
    await answer();
    await answer();
    expect(relay.overlapping).toEqual([{ method: 'Initialize', pending: ['CloseImage'] }]);
  });

  test('sees nothing in flight when the client reads each reply before its next request', async () => {
    const { relay, client, answer } = session();
    for (const method of ['Initialize', 'OpenImage', 'CloseImage']) {
      await client.send(request(method));
      expect((await answer()).method).toBe(method);
      expect((await client.receive()).kind).toBe('packet');
    }
    expect(relay.overlapping).toEqual([]);
    expect(relay.arrived.map((r) => r.method)).toEqual(['Initialize', 'OpenImage', 'CloseImage']);
  });
});
