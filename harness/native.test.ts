import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT } from './test-support/paths.js';
import * as native from './native.js';

function openFds(): string[] {
  return readdirSync('/proc/self/fd').sort();
}

function readAllNow(fd: number): Buffer {
  native.setNonBlocking(fd, true);
  const buf = Buffer.alloc(65536);
  const n = native.read(fd, buf) ?? 0;
  return buf.subarray(0, n);
}

describe('native addon', () => {
  test('a packet carrying 2 fds crosses a socketpair and the received pipes carry the bytes', () => {
    const [a, b] = native.socketpair();
    const p1 = native.pipe();
    const p2 = native.pipe();
    native.write(p1[1], Buffer.from('first'));
    native.write(p2[1], Buffer.from('second'));
    expect(native.sendmsg(a, Buffer.from('{"hello":1}'), [p1[0], p2[0]])).toBe(11);
    const packet = native.recvmsg(b, 1024, 16);
    expect(packet).not.toBeNull();
    expect(packet!.data.toString()).toBe('{"hello":1}');
    expect(packet!.fds).toHaveLength(2);
    expect(packet!.truncated).toBe(false);
    expect(packet!.ctruncated).toBe(false);
    expect(readAllNow(packet!.fds[0]!).toString()).toBe('first');
    expect(readAllNow(packet!.fds[1]!).toString()).toBe('second');
    for (const fd of [a, b, ...p1, ...p2, ...packet!.fds]) native.close(fd);
  });

  test('received fds are close-on-exec read ends of pipes', () => {
    const [a, b] = native.socketpair();
    const [r, w] = native.pipe();
    native.sendmsg(a, Buffer.from('x'), [r]);
    const packet = native.recvmsg(b, 16, 4)!;
    const info = native.fstat(packet.fds[0]!);
    expect(info).toMatchObject({ type: 'fifo', access: 'read', cloexec: true });
    for (const fd of [a, b, r, w, ...packet.fds]) native.close(fd);
  });

  test('an oversized packet sets truncated and reports its real size', () => {
    const [a, b] = native.socketpair();
    native.sendmsg(a, Buffer.alloc(40_000, 0x20), []);
    const packet = native.recvmsg(b, 32_768, 4)!;
    expect(packet.truncated).toBe(true);
    expect(packet.size).toBe(40_000);
    expect(packet.data.length).toBe(32_768);
    native.close(a);
    native.close(b);
  });

  test('more fds than the receiver has room for sets ctruncated', () => {
    const [a, b] = native.socketpair();
    const pipes = [native.pipe(), native.pipe(), native.pipe()];
    native.sendmsg(a, Buffer.from('x'), pipes.map((p) => p[0]));
    const packet = native.recvmsg(b, 16, 1)!;
    expect(packet.ctruncated).toBe(true);
    expect(packet.fds.length).toBeLessThan(3);
    for (const fd of [a, b, ...pipes.flat(), ...packet.fds]) native.close(fd);
  });

  test('an empty queue gives null, not an error, and a closed peer gives a zero-length packet', () => {
    const [a, b] = native.socketpair();
    expect(native.recvmsg(b, 16, 1)).toBeNull();
    native.close(a);
    const packet = native.recvmsg(b, 16, 1)!;
    expect(packet.size).toBe(0);
    expect(packet.fds).toEqual([]);
    native.close(b);
  });

  test('failures reach JS as errors with the errno name as code', () => {
    const [r, w] = native.pipe();
    expect(() => native.recvmsg(r, 16, 1)).toThrow(expect.objectContaining({ code: 'ENOTSOCK' }));
    native.close(r);
    native.close(w);
    expect(() => native.sendmsg(w, Buffer.from('x'))).toThrow(expect.objectContaining({ code: 'EBADF' }));
    expect(() => native.close(w)).toThrow(expect.objectContaining({ code: 'EBADF' }));
    const [a, b] = native.socketpair();
    native.close(b);
    expect(() => native.sendmsg(a, Buffer.from('x'))).toThrow(expect.objectContaining({ code: 'EPIPE' }));
    native.close(a);
  });

  test('bad arguments throw TypeErrors instead of crashing the process', () => {
    expect(() => (native as unknown as { sendmsg: (...a: unknown[]) => unknown }).sendmsg('x', 'y', 'z')).toThrow(TypeError);
  });

  test('10 000 send/receive cycles with an fd each leave /proc/self/fd unchanged', () => {
    const before = openFds();
    const [a, b] = native.socketpair();
    for (let i = 0; i < 10_000; i++) {
      const [r, w] = native.pipe();
      native.sendmsg(a, Buffer.from(`packet ${i}`), [r]);
      const packet = native.recvmsg(b, 64, 4)!;
      expect(packet.fds).toHaveLength(1);
      native.close(r);
      native.close(w);
      native.close(packet.fds[0]!);
    }
    native.close(a);
    native.close(b);
    expect(openFds()).toEqual(before);
  });

  test('a Poller reports readability on the event loop and stops when closed', async () => {
    const [a, b] = native.socketpair();
    const events = await new Promise<number>((resolve, reject) => {
      const poller = new native.Poller(b, (error, ev) => {
        poller.close();
        if (error) reject(error);
        else resolve(ev);
      });
      poller.start(native.POLL_READABLE);
      setTimeout(() => native.sendmsg(a, Buffer.from('ping')), 5);
    });
    expect(events & native.POLL_READABLE).toBe(native.POLL_READABLE);
    native.close(a);
    native.close(b);
  });

  test('what a Poller callback, or a tick it queued, throws is an uncaught exception of the process, not an env stuck refusing every later callback', async () => {
    // In a process of its own: the exception must reach process-wide handlers. Before, it stayed
    // pending in the addon's env, and the loop spun on the readable pipe with no callback let through.
    for (const body of ["throw new Error('thrown in a Poller callback')", "process.nextTick(() => { throw new Error('thrown in a Poller callback') })"]) {
      const script = [
        `import * as native from ${JSON.stringify(pathToFileURL(path.join(REPO_ROOT, 'dist', 'native.js')).href)};`,
        "process.on('uncaughtException', (error) => { console.log(`uncaught: ${error.message}`); process.exit(0); });",
        'const [readEnd, writeEnd] = native.pipe();',
        "native.write(writeEnd, Buffer.from('x'));",
        `new native.Poller(readEnd, () => { ${body}; }).start(native.POLL_READABLE);`,
      ].join('\n');
      const child = await execa(process.execPath, ['--input-type=module', '-e', script], { reject: false });
      expect(child.stdout, child.stderr).toBe('uncaught: thrown in a Poller callback');
      expect(child.exitCode).toBe(0);
    }
  });

  // With a death signal the child is cloned rather than posix_spawned: it must come out the same.
  test.each([[undefined], ['SIGKILL' as const]])('spawn (death signal %s) places our fds at the child\'s numbers, /dev/null where asked, and closes every other fd above 2; the pidfd reports and reaps its exit', async (deathSignal) => {
    const [readEnd, writeEnd] = native.pipe();
    // fds 0 and 2 are /dev/null, 1 and 5 our pipe; the child lists its fds (ls's own directory fd aside) and exits 3.
    const script = 'readlink /proc/self/fd/0; ls /proc/self/fd | sort -n | tr "\\n" " " >&5; exit 3';
    const pid = native.spawn('sh', ['sh', '-c', script], { PATH: process.env.PATH ?? '/usr/bin:/bin' }, new Map([[1, writeEnd], [5, writeEnd]]), [0, 2], deathSignal);
    native.close(writeEnd);
    const pidfd = native.pidfdOpen(pid);
    let exit = native.reapPidfd(pidfd);
    // Until it has exited: the test's own timeout bounds the wait, not a count of this machine's ticks.
    while (exit === null) {
      await new Promise((r) => setTimeout(r, 20));
      exit = native.reapPidfd(pidfd);
    }
    native.close(pidfd);
    expect(exit).toEqual({ code: 3, signal: null });
    const out = readAllNow(readEnd).toString();
    native.close(readEnd);
    const [stdin, listed] = out.split('\n');
    expect(stdin).toBe('/dev/null');
    // The lowest free number is ls's own directory fd.
    expect(listed?.trim().split(' ')).toEqual(['0', '1', '2', '3', '5']);
    expect(() => native.spawn('/no/such/program', ['x'], {}, new Map(), [0], deathSignal)).toThrow(/posix_spawn: ENOENT/);
  });
});

