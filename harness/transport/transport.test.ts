import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import * as native from '../native.js';
import { PacketSocket } from './packet-socket.js';
import { readPipe } from './pipe-reader.js';

async function writeAll(fd: number, data: Buffer): Promise<void> {
  native.setNonBlocking(fd, true);
  let off = 0;
  while (off < data.length) {
    let n: number;
    try {
      n = native.write(fd, data.subarray(off, off + 65536));
    } catch (error) {
      if ((error as { code?: string }).code !== 'EAGAIN') throw error;
      await new Promise((r) => setTimeout(r, 1));
      continue;
    }
    off += n;
  }
}

describe('transport', () => {
  test('readPipe streams a payload larger than the pipe buffer into sha256 and length while it is written', async () => {
    const data = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    const [r, w] = native.pipe();
    const reading = readPipe(r, { signal: AbortSignal.timeout(5000) });
    await writeAll(w, data);
    native.close(w);
    const result = await reading;
    native.close(r);
    expect(result.end).toBe('eof');
    expect(result.bytes).toBe(data.length);
    expect(result.sha256).toBe(`sha256:${createHash('sha256').update(data).digest('hex')}`);
  });

  test('readPipe gives up at its deadline with end "aborted" when the writer never closes', async () => {
    const [r, w] = native.pipe();
    native.write(w, Buffer.from('partial'));
    const result = await readPipe(r, { signal: AbortSignal.timeout(50), keepUpTo: 1024 });
    expect(result).toMatchObject({ end: 'aborted', bytes: 7 });
    expect(result.data?.toString()).toBe('partial');
    native.close(r);
    native.close(w);
  });

  test('readPipe keeps the bytes up to keepUpTo, and past it only their size and digest', async () => {
    const [r, w] = native.pipe();
    const data = Buffer.alloc(1000, 7);
    native.write(w, data);
    native.write(w, data);
    native.close(w);
    const sha256 = `sha256:${createHash('sha256').update(Buffer.concat([data, data])).digest('hex')}`;
    expect(await readPipe(r, { keepUpTo: 1999 })).toEqual({ bytes: 2000, sha256, end: 'eof' });
    native.close(r);
    const [r2, w2] = native.pipe();
    native.write(w2, data);
    native.close(w2);
    expect((await readPipe(r2, { keepUpTo: 1000 })).data).toEqual(data);
    native.close(r2);
  });

  test('readPipe stops after N bytes (a partial read) and at its limit (an endless writer)', async () => {
    const [r, w] = native.pipe();
    native.write(w, Buffer.alloc(1000, 1));
    expect(await readPipe(r, { stopAfter: 100 })).toMatchObject({ end: 'stopped', bytes: 100 });
    expect(await readPipe(r, { limit: 500 })).toMatchObject({ end: 'limit', bytes: 500 });
    native.close(r);
    native.close(w);
  });

  test('PacketSocket.receive rejects at the deadline, then still receives a later packet', async () => {
    const [a, b] = native.socketpair();
    const socket = new PacketSocket(b);
    await expect(socket.receive(AbortSignal.timeout(30))).rejects.toThrow();
    native.sendmsg(a, Buffer.from('late'));
    const packet = await socket.receive(AbortSignal.timeout(1000));
    expect(packet.kind === 'packet' && packet.data.toString()).toBe('late');
    native.close(a);
    expect((await socket.receive(AbortSignal.timeout(1000))).kind).toBe('eof');
    socket.close();
  });

  test('PacketSocket.close closes the received fds the caller did not take', async () => {
    const before = readdirSync('/proc/self/fd').length;
    const [a, b] = native.socketpair();
    const socket = new PacketSocket(b);
    const [r, w] = native.pipe();
    native.sendmsg(a, Buffer.from('x'), [r, w]);
    const packet = await socket.receive(AbortSignal.timeout(1000));
    expect(packet.kind === 'packet' && packet.fds.length).toBe(2);
    native.close(r);
    native.close(w);
    native.close(a);
    socket.close();
    expect(readdirSync('/proc/self/fd').length).toBe(before);
  });

  test('PacketSocket.send waits while the peer is not reading and gives up at its deadline', async () => {
    const [a, b] = native.socketpair();
    const socket = new PacketSocket(a);
    const big = Buffer.alloc(30_000, 1);
    let sent = 0;
    await expect(
      (async () => {
        for (;;) {
          await socket.send(big, [], AbortSignal.timeout(100));
          sent++;
        }
      })(),
    ).rejects.toThrow();
    expect(sent).toBeGreaterThan(0);
    socket.close();
    native.close(b);
  });

  test('PacketSocket.shutdownWrite makes the peer read EOF while replies still arrive', async () => {
    const [a, b] = native.socketpair();
    const socket = new PacketSocket(a);
    const peer = new PacketSocket(b);
    socket.shutdownWrite();
    expect((await peer.receive(AbortSignal.timeout(1000))).kind).toBe('eof');
    await peer.send(Buffer.from('reply'));
    const packet = await socket.receive(AbortSignal.timeout(1000));
    expect(packet.kind === 'packet' && packet.data.toString()).toBe('reply');
    socket.close();
    peer.close();
  });

  test('PacketSocket.take hands a received fd over as an OwnedFd that socket.close leaves alone', async () => {
    const before = readdirSync('/proc/self/fd').length;
    const [a, b] = native.socketpair();
    const socket = new PacketSocket(b);
    const [r, w] = native.pipe();
    native.sendmsg(a, Buffer.from('x'), [r]);
    native.close(r);
    const packet = await socket.receive(AbortSignal.timeout(1000));
    const taken = socket.take(packet.kind === 'packet' ? (packet.fds[0] as number) : -1);
    socket.close();
    native.close(a);
    native.write(w, Buffer.from('still open'));
    taken.close();
    native.close(w);
    expect(readdirSync('/proc/self/fd').length).toBe(before);
  });
});
