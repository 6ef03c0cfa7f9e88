// Sits between a client's socket and the in-process proxy and reads the client eagerly, so that a
// second request sent before the first one's reply is seen when it arrives, not when the proxy
// gets round to it. Replies and their fds pass through untouched (same open files, same inodes).
import * as native from '../../native.js';
import { PacketSocket } from '../../transport/packet-socket.js';

/** A request as it arrived from the client, before anything cut it. */
export interface ArrivedRequest {
  method: string;
  /** Its real length in bytes, also when it exceeded every buffer on the way. */
  size: number;
}

/**
 * What the relay passes on of one request: everything up to here. A longer request is cut to this,
 * which is still more than the proxy's 32 KiB read, so the proxy sees it too long and cuts it as
 * skopeo does, while the socket between relay and proxy never has to carry a packet its send buffer
 * refuses (about 208 KiB by default: larger ones failed to send and were lost).
 */
export const FORWARD_LIMIT_BYTES = 64 * 1024;

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
  /** Every request in the order it arrived (the proxy reads them in this order). */
  readonly arrived: ArrivedRequest[] = [];
  /** What the relay could not pass on, said: nothing is lost without a word. */
  readonly failures: string[] = [];
  /** Fds a client attached to requests (skopeo's kernel buffer drops them; so do we). */
  droppedFds = 0;
  private readonly client: PacketSocket;
  private readonly proxy: PacketSocket;
  private readonly unanswered: string[] = [];
  /** Requests whose replies were passed on to the client, in order. */
  private readonly answered: string[] = [];
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

  /**
   * The next packet from the client, and whether it came while a reply the client had been sent
   * still lay unread in its socket. Both queues are read before the packet is taken, and the packet
   * was already queued then: so the client sent it before it read that reply. (A client that reads
   * its reply at once after sending may still have done so by the time the relay looks; replies not
   * yet passed on are counted by `unanswered`.)
   */
  private async nextRequest(signal: AbortSignal): Promise<{ packet: Awaited<ReturnType<PacketSocket['receive']>>; replyUnread: boolean }> {
    let queued = this.client.queuedBytes();
    if (queued.in === 0) {
      await this.client.waitUntilReadable(signal);
      // Readable with no bytes queued is EOF, an empty packet or an error: receive tells which.
      queued = this.client.queuedBytes();
    }
    return { packet: await this.client.receive(signal), replyUnread: queued.in > 0 && queued.out > 0 };
  }

  private async forwardRequests(signal: AbortSignal): Promise<void> {
    for (;;) {
      const { packet, replyUnread } = await this.nextRequest(signal);
      if (packet.kind === 'eof') {
        if (!this.proxy.isClosed) this.proxy.shutdownWrite();
        return;
      }
      for (const fd of packet.fds) native.close(this.client.release(fd));
      this.droppedFds += packet.fds.length;
      const method = methodOf(packet.data);
      this.arrived.push({ method, size: packet.size });
      // Shutdown is never answered; anything else waits for its reply.
      const pending = [...(replyUnread ? this.answered.slice(-1) : []), ...this.unanswered];
      if (pending.length > 0) this.overlapping.push({ method, pending });
      if (method !== 'Shutdown') this.unanswered.push(method);
      const forwarded = packet.data.subarray(0, Math.min(packet.size, FORWARD_LIMIT_BYTES));
      try {
        await this.proxy.send(forwarded, [], signal);
      } catch (error) {
        if (signal.aborted) throw error;
        this.failures.push(`the relay could not pass the client's ${method} request (${packet.size} bytes, ${forwarded.length} sent) to the proxy: ${(error as Error).message}`);
        throw error;
      }
    }
  }

  private async forwardReplies(signal: AbortSignal): Promise<void> {
    try {
      for (;;) {
        const packet = await this.proxy.receive(signal);
        if (packet.kind === 'eof') return;
        const fds = packet.fds.map((fd) => this.proxy.release(fd));
        const answered = this.unanswered.shift();
        if (answered !== undefined) this.answered.push(answered);
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
    // A request longer than the receive buffer arrives cut: its method is still near the start.
    const named = /"method"\s*:\s*"([A-Za-z]{1,40})"/.exec(data.subarray(0, 4096).toString('utf8'));
    return named?.[1] ?? '(not JSON)';
  }
}
