import { execa, type Options } from 'execa';
import { describe, expect, it } from 'vitest';
import * as native from '../../native.js';
import { PacketSocket } from '../../transport/packet-socket.js';
import { scratchDir } from '../../test-support/scratch-dir.js';
import { ConnectBackListener } from './connect-back.js';
import { writeShimExecutable } from './shim-dir.js';
import { SHIM_PROTOCOL_ENV, SHIM_SOCKET_ENV, SHIM_VERSION_ENV } from './shim-protocol.js';

const dir = scratchDir('connect-back');

describe('the skopeo stand-in and the connect-back socket', () => {
  it('hands the client\'s socket end to the harness with argv and pids, then exits with the code the harness gives', async () => {
    const shim = await writeShimExecutable(dir);
    const listener = ConnectBackListener.open(dir);
    const [client, server] = native.socketpair();
    try {
      const child = execa(shim, ['--debug', 'experimental-image-proxy', '--sockfd', '3', '--tls-verify=false'], {
        // execa's types know fds for stdin/stdout/stderr only; Node passes a number at any position.
        stdio: ['ignore', 'pipe', 'pipe', server] as unknown as Options['stdio'],
        env: { [SHIM_SOCKET_ENV]: listener.path },
        reject: false,
      });
      native.close(server);
      const connection = await listener.accept(AbortSignal.timeout(60_000));
      expect(connection.hello.argv).toEqual(['--debug', 'experimental-image-proxy', '--sockfd', '3', '--tls-verify=false']);
      expect(connection.hello.socketFd).toBe(3);
      expect(connection.hello.pid).toBe(child.pid);
      expect(connection.protocolFd).not.toBeNull();
      // The handed-over fd is the other end of the client's socketpair.
      const ours = new PacketSocket(connection.protocolFd as number);
      const theirs = new PacketSocket(client);
      await theirs.send(Buffer.from('{"method":"Initialize","args":[]}'));
      const got = await ours.receive(AbortSignal.timeout(5000));
      expect(got.kind === 'packet' && got.data.toString()).toBe('{"method":"Initialize","args":[]}');
      ours.close();
      // With the harness's copy closed and the stand-in's gone, the client sees EOF.
      expect((await theirs.receive(AbortSignal.timeout(5000))).kind).toBe('eof');
      theirs.close();
      await connection.finish(7);
      connection.close();
      expect((await child).exitCode).toBe(7);
    } finally {
      listener.close();
    }
  });

  it('answers --version and --help itself, advertising --user-agent-prefix only where the claimed release has it', async () => {
    const shim = await writeShimExecutable(dir);
    const version = await execa(shim, ['--version'], { env: { [SHIM_VERSION_ENV]: '1.9.3' } });
    expect(version.stdout).toBe('skopeo version 1.9.3');
    const old = await execa(shim, ['--help'], { env: { [SHIM_PROTOCOL_ENV]: '0.2.3' } });
    expect(old.stdout).toContain('--insecure-policy');
    expect(old.stdout).not.toContain('--user-agent-prefix');
    const recent = await execa(shim, ['--help'], { env: { [SHIM_PROTOCOL_ENV]: '0.2.8' } });
    expect(recent.stdout).toContain('--user-agent-prefix');
  });

  it('refuses an unknown flag as skopeo does (fatal, exit 1) and still tells the harness what it was given', async () => {
    const shim = await writeShimExecutable(dir);
    const listener = ConnectBackListener.open(dir);
    try {
      const child = execa(shim, ['experimental-image-proxy', '--frobnicate'], { env: { [SHIM_SOCKET_ENV]: listener.path }, reject: false, stdin: 'ignore' });
      const connection = await listener.accept(AbortSignal.timeout(60_000));
      expect(connection.hello.refused).toBe('unknown flag: --frobnicate');
      expect(connection.protocolFd).toBeNull();
      connection.close();
      const result = await child;
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain('level=fatal msg="unknown flag: --frobnicate"');
    } finally {
      listener.close();
    }
  });
});
