// The harness's end of the connect-back socket: a listening unix socket in the run's temp dir that
// each `skopeo` stand-in connects to, handing over its protocol socket with its argv and pids.
import { rmSync } from 'node:fs';
import path from 'node:path';
import * as native from '../../native.js';
import { FdWatcher, READABLE } from '../../transport/fd-watcher.js';
import { PacketSocket } from '../../transport/packet-socket.js';
import { parseShimBye, parseShimHello, type ShimBye, type ShimExit, type ShimHello } from './shim-protocol.js';

/** One stand-in that connected: what it said, and the protocol socket it handed over (ours to close). */
export class ShimConnection {
  constructor(
    readonly hello: ShimHello,
    /** The server end of the client's socketpair, or null when the stand-in refused the command line. */
    readonly protocolFd: number | null,
    private readonly socket: PacketSocket,
  ) {}

  /**
   * Tells the stand-in to exit with `exitCode`, as the proxy process would have, and returns its bye
   * (null when it is gone or silent until `signal`).
   */
  async finish(exitCode: number, signal?: AbortSignal): Promise<ShimBye | null> {
    const message: ShimExit = { exitCode };
    try {
      await this.socket.send(Buffer.from(JSON.stringify(message)), [], signal);
      const reply = await this.socket.receive(signal);
      return reply.kind === 'packet' ? parseShimBye(reply.data) : null;
    } catch (error) {
      // A stand-in that is already gone (killed with its client) has nothing left to tell.
      const code = (error as { code?: string }).code;
      if (code !== 'EPIPE' && code !== 'ECONNRESET' && !signal?.aborted) throw error;
      return null;
    }
  }

  /** Closes the connect-back connection (the stand-in then exits 1 if it was never told otherwise). */
  close(): void {
    this.socket.close();
  }
}

export class ConnectBackListener {
  private readonly watcher: FdWatcher;
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly fd: number,
  ) {
    this.watcher = new FdWatcher(fd);
  }

  /** Listens on `<dir>/connect.sock`. */
  static open(dir: string): ConnectBackListener {
    const socketPath = path.join(dir, 'connect.sock');
    const fd = native.socket();
    try {
      native.bind(fd, socketPath);
      native.listen(fd, 16);
      native.setNonBlocking(fd, true);
    } catch (error) {
      native.close(fd);
      throw error;
    }
    return new ConnectBackListener(socketPath, fd);
  }

  /**
   * Waits for the next stand-in and its hello packet; rejects with the signal's reason when aborted.
   * A connection whose hello is not one (another program on the socket) is dropped and waited past.
   */
  async accept(signal?: AbortSignal): Promise<ShimConnection> {
    for (;;) {
      const fd = native.accept(this.fd);
      if (fd === null) {
        await this.watcher.waitFor(READABLE, signal);
        continue;
      }
      const socket = new PacketSocket(fd);
      let packet;
      try {
        packet = await socket.receive(signal);
      } catch (error) {
        socket.close();
        throw error;
      }
      const hello = packet.kind === 'packet' ? parseShimHello(packet.data) : null;
      if (packet.kind !== 'packet' || hello === null) {
        socket.close();
        continue;
      }
      const protocolFd = hello.socketFd !== null && packet.fds.length === 1 ? socket.release(packet.fds[0] as number) : null;
      return new ShimConnection(hello, protocolFd, socket);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.watcher.close();
    native.close(this.fd);
    rmSync(this.path, { force: true });
  }
}
