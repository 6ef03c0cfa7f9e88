// Sits between a client's socket and the in-process proxy and reads the client eagerly, so that a
// second request sent before the first one's reply is seen when it arrives, not when the proxy
// gets round to it. Replies and their fds pass through untouched (same open files, same inodes).
import * as native from '../native.js';
import { PacketSocket } from '../transport/packet-socket.js';

/** A request that arrived while earlier ones still waited for their replies. */
export interface OverlappingRequest {
  method: string;
  /** Methods of the requests still unanswered when it arrived. */
  pending: string[];
}

export class SessionRelay {
  /** The end serveSession is given. */
  readonly proxyFd: number;
  readonly overlapping: OverlappingRequest[] = [];
  /** Fds a client attached to requests (skopeo's kernel buffer drops them; so do we). */
  droppedFds = 0;
  private readonly client: PacketSocket;
  private readonly proxy: PacketSocket;
  private readonly unanswered: string[] = [];
  private readonly done: Promise<void>;
  private readonly stop = new AbortController();

  constructor(clientFd: number, signal: AbortSignal) {
    const [ours, theirs] = native.socketpair();
    this.proxyFd = theirs;
    this.client = new PacketSocket(clientFd);
    this.proxy = new PacketSocket(ours);
    const both = AbortSignal.any([signal, this.stop.signal]);
    // When the proxy's side ends, nothing the client sends can be answered any more.
    const replies = this.forwardReplies(both).finally(() => this.stop.abort());
    this.done = Promise.allSettled([this.forwardRequests(both), replies]).then(() => this.close());
  }

  /** Settles once both directions are over and both sockets closed. */
  finished(): Promise<void> {
    return this.done;
  }

  close(): void {
    this.client.close();
    this.proxy.close();
  }

  private async forwardRequests(signal: AbortSignal): Promise<void> {
    for (;;) {
      const packet = await this.client.receive(signal);
      if (packet.kind === 'eof') {
        if (!this.proxy.isClosed) this.proxy.shutdownWrite();
        return;
      }
      for (const fd of packet.fds) native.close(this.client.release(fd));
      this.droppedFds += packet.fds.length;
      const method = methodOf(packet.data);
      // Shutdown is never answered; anything else waits for its reply.
      if (this.unanswered.length > 0) this.overlapping.push({ method, pending: [...this.unanswered] });
      if (method !== 'Shutdown') this.unanswered.push(method);
      await this.proxy.send(packet.data.subarray(0, packet.size), [], signal);
    }
  }

  private async forwardReplies(signal: AbortSignal): Promise<void> {
    try {
      for (;;) {
        const packet = await this.proxy.receive(signal);
        if (packet.kind === 'eof') return;
        const fds = packet.fds.map((fd) => this.proxy.release(fd));
        this.unanswered.shift();
        try {
          await this.client.send(packet.data, fds, signal);
        } finally {
          for (const fd of fds) native.close(fd);
        }
      }
    } finally {
      // The proxy is gone: the client must see EOF, as it would when the proxy process exits.
      this.client.close();
    }
  }
}

function methodOf(data: Buffer): string {
  try {
    const request = JSON.parse(data.toString('utf8')) as { method?: unknown };
    return typeof request.method === 'string' ? request.method : '(no method)';
  } catch {
    return '(not JSON)';
  }
}
