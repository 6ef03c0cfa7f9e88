// The hostile implementation starts in every mode and misbehaves as its mode says (the harness's
// own handling of it is tested elsewhere).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { Implementation } from '../../launch/implementation.js';
import * as native from '../../native.js';
import { readPipe } from '../../transport/pipe-reader.js';

const HOSTILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'hostile.py');
const TEARDOWN = { exitMs: 1000, termMs: 1000 };

async function withHostile(mode: string, body: (impl: Implementation) => Promise<void>, extraArgs: string[] = []): Promise<Implementation> {
  const impl = Implementation.launch({ executable: HOSTILE, args: ['--mode', mode, ...extraArgs], socket: { kind: 'stdin' } }, new AbortController().signal);
  try {
    await body(impl);
  } finally {
    await impl.teardown(TEARDOWN);
  }
  return impl;
}

// Waits for what must come are far above any load; only waits whose timeout is the expected answer are short.
async function call(impl: Implementation, method: string, timeoutMs = 30_000) {
  return impl.client.call(method, [], { timeoutMs });
}

describe('the hostile implementation', () => {
  test('garbage: replies are not JSON', async () => {
    await withHostile('garbage', async (impl) => {
      const r = await call(impl, 'Initialize');
      expect(r.kind === 'reply' && r.parseError !== undefined).toBe(true);
    });
  });

  test('many-fds: a reply carries 200 fds', async () => {
    await withHostile('many-fds', async (impl) => {
      const r = await call(impl, 'Initialize');
      expect(r.kind === 'reply' && r.fds.length).toBe(200);
    });
  });

  test('oversized-reply: a reply is over 32 KiB', async () => {
    await withHostile('oversized-reply', async (impl) => {
      const r = await call(impl, 'Initialize');
      expect(r.kind === 'reply' && r.size).toBeGreaterThan(32 * 1024);
    });
  });

  test('never-replies: no reply comes', async () => {
    await withHostile('never-replies', async (impl) => {
      expect((await call(impl, 'Initialize', 300)).kind).toBe('timeout');
    });
  });

  test('close-mid-call: Initialize works, the next call ends in EOF while the process lingers', async () => {
    await withHostile(
      'close-mid-call',
      async (impl) => {
        expect((await call(impl, 'Initialize')).kind).toBe('reply');
        expect((await call(impl, 'OpenImage')).kind).toBe('eof');
        expect(impl.exited).toBeNull();
      },
      ['--linger', '0.5'],
    );
  });

  test('fork-keeps-socket: after Shutdown the parent exits 0 but a child keeps the socket open', async () => {
    let childPid = 0;
    const impl = await withHostile(
      'fork-keeps-socket',
      async (impl) => {
        expect((await call(impl, 'Initialize')).kind).toBe('reply');
        await impl.client.send(Buffer.from('{"method":"Shutdown","args":[]}'));
        expect(await impl.waitForExit(30_000)).toEqual({ code: 0, signal: null });
        expect((await impl.client.receiveReply(300)).kind).toBe('timeout');
        childPid = Number(/child (\d+)/.exec(impl.stderrTail())?.[1]);
      },
      ['--child-seconds', '20'],
    );
    expect(childPid).toBeGreaterThan(0);
    // Teardown killed and reaped it: re-parented to the harness, it was no longer anyone else's to reap.
    expect(() => process.kill(childPid, 0)).toThrow();
    expect(impl.exited?.code).toBe(0);
  });

  test('endless-pipe: a piped reply\'s fd never reaches EOF', async () => {
    await withHostile('endless-pipe', async (impl) => {
      await call(impl, 'Initialize');
      const r = await call(impl, 'GetManifest');
      if (r.kind !== 'reply') throw new Error(`no reply: ${r.kind}`);
      const fd = impl.socket.release(r.fds[0] as number);
      expect((await readPipe(fd, { limit: 1024 * 1024 })).end).toBe('limit');
      native.close(fd);
    });
  });

  test('trickle-pipe: a piped reply\'s fd keeps getting bytes, and FinishPipe is never answered', async () => {
    await withHostile('trickle-pipe', async (impl) => {
      await call(impl, 'Initialize');
      const r = await call(impl, 'GetBlob');
      if (r.kind !== 'reply') throw new Error(`no reply: ${r.kind}`);
      expect(r.reply?.value).toBe(1024 * 1024 * 1024);
      const fd = impl.socket.release(r.fds[0] as number);
      // 3 KiB take at least three writes: the pipe keeps moving, however slowly.
      expect((await readPipe(fd, { stopAfter: 3 * 1024 })).end).toBe('stopped');
      native.close(fd);
      expect((await impl.client.call('FinishPipe', [r.reply?.pipeid], { timeoutMs: 300 })).kind).toBe('timeout');
    });
  });

  test('unsolicited-reply: a packet arrives before any request', async () => {
    await withHostile('unsolicited-reply', async (impl) => {
      const r = await impl.client.receiveReply(30_000);
      expect(r.kind === 'reply' && r.reply?.value).toBe('before any request');
    });
  });

  test.each([
    ['fd-is-socket', 'socket'],
    ['fd-is-file', 'file'],
  ])('%s: the piped fd is a %s, not a pipe', async (mode, type) => {
    await withHostile(mode, async (impl) => {
      await call(impl, 'Initialize');
      const r = await call(impl, 'GetManifest');
      expect(r.kind === 'reply' && native.fstat(r.fds[0] as number).type).toBe(type);
    });
  });
});
