import { describe, expect, test } from 'vitest';
import * as native from '../native.js';
import { PacketSocket } from '../transport/packet-socket.js';
import { MAX_REPLY_DEPTH, ProxyClient } from './client.js';
import { Transcript } from './transcript.js';

describe('ProxyClient', () => {
  test('a wait for a reply that times out marks the peer stuck; a wait where silence is expected does not', async () => {
    const [ours, theirs] = native.socketpair();
    const client = new ProxyClient(new PacketSocket(ours), new Transcript(), new AbortController().signal);
    try {
      expect((await client.expectSilence(5)).kind).toBe('timeout');
      expect(client.leftUnanswered).toBe(false);
      expect((await client.receiveReply(5)).kind).toBe('timeout');
      expect(client.leftUnanswered).toBe(true);
      // Silence after a request left unanswered does not clear the mark either.
      expect((await client.expectSilence(5)).kind).toBe('timeout');
      expect(client.leftUnanswered).toBe(true);
    } finally {
      client.socket.close();
      native.close(theirs);
    }
  });

  test('a reply nested beyond what the harness reads is refused unparsed, with its depth said; a shallow one is parsed', async () => {
    const [ours, theirs] = native.socketpair();
    const client = new ProxyClient(new PacketSocket(ours), new Transcript(), new AbortController().signal);
    try {
      const deep = `{"success":true,"value":${'['.repeat(10_000)}${']'.repeat(10_000)},"pipeid":0,"error":""}`;
      native.sendmsg(theirs, Buffer.from(deep));
      const refused = await client.receiveReply(5000);
      expect(refused).toMatchObject({ kind: 'reply', json: undefined, refused: true, parseError: expect.stringContaining('nests deeper than 512 levels') });
      native.sendmsg(theirs, Buffer.from('{"success":true,"value":[[["a]]]"]]],"pipeid":0,"error":""}'));
      expect(await client.receiveReply(5000)).toMatchObject({ kind: 'reply', json: { value: [[['a]]]']]] } });
    } finally {
      client.socket.close();
      native.close(theirs);
    }
  });
});
