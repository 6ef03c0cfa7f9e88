// How a session ends, as in skopeo 1.20.0: Shutdown, EOF, a zero-length packet, FinishPipe's panic,
// a client gone while FinishPipe blocks.
import { beforeAll, describe, expect, test } from 'vitest';
import type { FixtureImage } from '../images/index.js';
import { FdWatcher, READABLE } from '../transport/fd-watcher.js';
import { largeLayer, loadGoldenImages } from '../test-support/reference-proxy/golden.js';
import { Session } from '../test-support/reference-proxy/session.js';

let big: FixtureImage;

beforeAll(async () => {
  ({ big } = await loadGoldenImages());
});

describe('lifecycle as in skopeo 1.20.0', () => {
  test('Shutdown gets no reply: the socket reaches EOF and the proxy exits 0, also before Initialize and with arguments', async () => {
    for (const args of [[], [1, 'x']]) {
      const s = new Session([]);
      if (args.length === 0) await s.initialize();
      const outcome = await s.call('Shutdown', args);
      expect(outcome.kind).toBe('eof');
      expect(await s.end()).toBe(0);
      expect(s.stderr).toBe('');
    }
  });

  test('closing the client socket (EOF) ends the proxy with exit 0', async () => {
    const s = new Session([]);
    await s.initialize();
    expect(await s.end()).toBe(0);
  });

  test('a zero-length packet is EOF: no reply, exit 0', async () => {
    const s = new Session([]);
    await s.initialize();
    expect((await s.raw(Buffer.alloc(0), 1000)).kind).toBe('eof');
    expect(await s.end()).toBe(0);
  });

  test('FinishPipe without arguments crashes as skopeo does: no reply, a panic line on stderr, exit 2 (before Initialize too)', async () => {
    for (const [request, init] of [
      ['{"method":"FinishPipe","args":[]}', true],
      ['{"method":"FinishPipe","args":null}', true],
      ['{"method":"FinishPipe"}', false],
    ] as const) {
      const s = new Session([]);
      if (init) await s.initialize();
      expect((await s.raw(request, 2000)).kind).toBe('eof');
      expect(await s.end()).toBe(2);
      expect(s.stderr).toMatch(/^panic: runtime error: index out of range \[0\] with length 0\n/);
    }
  });

  test('Shutdown with an unread 4 MiB pipe exits at once; the pipe yields what was buffered, then EOF', async () => {
    const layer = largeLayer(big);
    const s = new Session([]);
    await s.initialize();
    const r = await s.ok('GetBlob', [await s.open(big.reference), layer.digest, layer.size]);
    const fd = s.take(r.fds[0] as number);
    // Shutdown once the proxy has started writing, so that something is buffered.
    const watcher = new FdWatcher(fd);
    await watcher.waitFor(READABLE);
    watcher.close();
    expect((await s.call('Shutdown')).kind).toBe('eof');
    const payload = await s.drain(fd);
    expect(payload.end).toBe('eof');
    expect(payload.bytes).toBeGreaterThan(0);
    expect(payload.bytes).toBeLessThan(layer.size);
    expect(await s.end()).toBe(0);
  });

  test('a client that closes its socket while FinishPipe is blocked leaves the proxy alive until the pipe closes; then the reply fails and it exits 1', async () => {
    const layer = largeLayer(big);
    const s = new Session([]);
    await s.initialize();
    const r = await s.ok('GetBlob', [await s.open(big.reference), layer.digest, layer.size]);
    const fd = s.take(r.fds[0] as number);
    await s.client.send(Buffer.from(JSON.stringify({ method: 'FinishPipe', args: [r.reply.pipeid] })));
    s.socket.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(s.exitCode).toBeNull();
    s.closeFd(fd);
    expect(await s.waitForExit()).toBe(1);
    expect(s.stderr).toMatch(/level=fatal msg="writing to socket: .*broken pipe"/);
  });
});
