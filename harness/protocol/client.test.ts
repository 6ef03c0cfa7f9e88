import { describe, expect, test } from 'vitest';
import * as native from '../native.js';
import { PacketSocket } from '../transport/packet-socket.js';
import { ProxyClient } from './client.js';
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
});
