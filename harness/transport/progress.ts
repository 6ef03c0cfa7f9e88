// What moved in one session, for deadlines that tell a stall from slow progress: replies and
// requests on the socket, payload bytes through pipes, and the implementation's requests to a
// registry (the upstream says which repeat a path, i.e. reconnect; the Range says where it resumed).

export interface ProgressCounts {
  /** Packets on the socket: replies the harness received, or requests a client sent. */
  packets: number;
  /** Payload bytes through pipes (read by the harness, or written by the proxy for a client). */
  pipeBytes: number;
  upstreamRequests: number;
  /** Upstream requests for a path the same upstream was asked for before. */
  upstreamReconnects: number;
  upstreamBytes: number;
  /** The Range header of the last upstream request that had one. */
  lastRange: string | null;
}

/** Nothing moved: the counts of a fresh session. */
export const NO_PROGRESS: Readonly<ProgressCounts> = { packets: 0, pipeBytes: 0, upstreamRequests: 0, upstreamReconnects: 0, upstreamBytes: 0, lastRange: null };

export class Progress {
  private counts: ProgressCounts = { ...NO_PROGRESS };
  private readonly listeners = new Set<() => void>();

  packet(): void {
    this.counts.packets++;
    this.moved();
  }

  pipeBytes(n: number): void {
    if (n <= 0) return;
    this.counts.pipeBytes += n;
    this.moved();
  }

  upstreamRequest(range: string | null, reconnect: boolean): void {
    this.counts.upstreamRequests++;
    if (reconnect) this.counts.upstreamReconnects++;
    if (range !== null) this.counts.lastRange = range;
    this.moved();
  }

  upstreamBytes(n: number): void {
    if (n <= 0) return;
    this.counts.upstreamBytes += n;
    this.moved();
  }

  snapshot(): ProgressCounts {
    const c = this.counts;
    return { packets: c.packets, pipeBytes: c.pipeBytes, upstreamRequests: c.upstreamRequests, upstreamReconnects: c.upstreamReconnects, upstreamBytes: c.upstreamBytes, lastRange: c.lastRange };
  }

  /** Calls `listener` on every event until the returned function is called. */
  watch(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private moved(): void {
    for (const listener of this.listeners) listener();
  }
}

/** What moved between two snapshots (lastRange: the later one's, if it changed). */
export function progressBetween(before: ProgressCounts, after: ProgressCounts): ProgressCounts {
  return {
    packets: after.packets - before.packets,
    pipeBytes: after.pipeBytes - before.pipeBytes,
    upstreamRequests: after.upstreamRequests - before.upstreamRequests,
    upstreamReconnects: after.upstreamReconnects - before.upstreamReconnects,
    upstreamBytes: after.upstreamBytes - before.upstreamBytes,
    lastRange: after.upstreamRequests > before.upstreamRequests ? after.lastRange : null,
  };
}

export function hasMoved(c: ProgressCounts): boolean {
  return c.packets > 0 || c.pipeBytes > 0 || c.upstreamRequests > 0 || c.upstreamBytes > 0;
}

/** What a packet on the socket is in a wait: one and many (`['reply', 'replies']`). */
export type PacketNoun = readonly [string, string];

/**
 * `1.5 MiB through pipes, 7 upstream requests (6 reconnects, last Range: bytes=2097152-), 2.0 MiB from
 * the upstream`.
 */
export function describeProgress(c: ProgressCounts, packet: PacketNoun = ['packet', 'packets']): string {
  const parts: string[] = [];
  if (c.packets > 0) parts.push(`${c.packets} ${c.packets === 1 ? packet[0] : packet[1]}`);
  if (c.pipeBytes > 0) parts.push(`${formatBytes(c.pipeBytes)} through pipes`);
  if (c.upstreamRequests > 0) {
    const detail = [c.upstreamReconnects > 0 ? `${c.upstreamReconnects} reconnect${c.upstreamReconnects === 1 ? '' : 's'}` : null, c.lastRange !== null ? `last Range: ${c.lastRange}` : null].filter((x) => x !== null);
    parts.push(`${c.upstreamRequests} upstream request${c.upstreamRequests === 1 ? '' : 's'}${detail.length > 0 ? ` (${detail.join(', ')})` : ''}`);
  }
  if (c.upstreamBytes > 0) parts.push(`${formatBytes(c.upstreamBytes)} from the upstream`);
  return parts.length > 0 ? parts.join(', ') : 'nothing';
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
