// One end of a SOCK_SEQPACKET socketpair: whole packets in and out, with fds, never blocking the
// event loop. Every fd received through it is owned here until the caller takes it.
import * as native from '../native.js';
import { FdWatcher, READABLE, WRITABLE } from './fd-watcher.js';
import { OwnedFd } from './owned-fd.js';

// Far above the protocol's 32 KiB packet ceiling, so an oversized reply can be measured.
export const RECEIVE_BUFFER_BYTES = 1024 * 1024;
/** Room for a hostile reply's fds (the kernel's SCM_RIGHTS ceiling is 253). */
const RECEIVE_MAX_FDS = 253;
/**
 * One scratch buffer for every socket: recvmsg copies the packet out before it returns, so no two
 * receives ever share it. (A megabyte per socket made the garbage collector the cost of a session.)
 */
const RECEIVE_BUFFER = Buffer.allocUnsafe(RECEIVE_BUFFER_BYTES);

interface ReceivedPacket {
  kind: 'packet';
  data: Buffer;
  /** Real length of the packet, also when it exceeded the receive buffer. */
  size: number;
  fds: number[];
  truncated: boolean;
  ctruncated: boolean;
}

/** The peer closed its end (a zero-length read with no fds). */
interface PeerClosed {
  kind: 'eof';
}

export class PacketSocket {
  readonly fd: number;
  private readonly watcher: FdWatcher;
  private readonly owned = new Set<number>();
  private closed = false;

  constructor(fd: number) {
    this.fd = fd;
    this.watcher = new FdWatcher(fd);
  }

  /** Sends one packet, waiting (abortably) while the peer's queue is full. */
  async send(data: Buffer, fds: readonly number[] = [], signal?: AbortSignal): Promise<void> {
    for (;;) {
      try {
        native.sendmsg(this.fd, data, fds);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== 'EAGAIN') throw error;
      }
      await this.watcher.waitFor(WRITABLE, signal);
    }
  }

  /** Receives one packet; rejects with the signal's reason when aborted. */
  async receive(signal?: AbortSignal): Promise<ReceivedPacket | PeerClosed> {
    for (;;) {
      let packet;
      try {
        packet = native.recvmsg(this.fd, RECEIVE_BUFFER, RECEIVE_MAX_FDS);
      } catch (error) {
        // A peer that exits with our request unread resets the connection: for us that is EOF.
        if ((error as { code?: string }).code === 'ECONNRESET') return { kind: 'eof' };
        throw error;
      }
      if (packet !== null) {
        for (const fd of packet.fds) this.owned.add(fd);
        if (packet.size === 0 && packet.fds.length === 0) return { kind: 'eof' };
        return { kind: 'packet', ...packet };
      }
      await this.watcher.waitFor(READABLE, signal);
    }
  }

  /** Waits (abortably) until a packet, EOF or an error is ready, for a reader with its own receive buffer. */
  waitUntilReadable(signal?: AbortSignal): Promise<void> {
    return this.watcher.waitFor(READABLE, signal);
  }

  /** Bytes waiting to be read here, and bytes sent from here that the peer has not read yet. */
  queuedBytes(): { in: number; out: number } {
    return native.queuedBytes(this.fd);
  }

  /** Hands a received fd to the caller, who must close it. */
  release(fd: number): number {
    this.owned.delete(fd);
    return fd;
  }

  /** Hands a received fd to the caller as an OwnedFd. */
  take(fd: number): OwnedFd {
    return new OwnedFd(this.release(fd));
  }

  /** Half-closes the socket: the peer reads EOF while replies can still arrive. */
  shutdownWrite(): void {
    native.shutdown(this.fd, 'write');
  }

  /** Closes the socket and every received fd the caller has not taken. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.watcher.close();
    for (const fd of this.owned) native.close(fd);
    this.owned.clear();
    native.close(this.fd);
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
