// The wire record of one implementation session: what was sent, what came back, when. It is the
// evidence attached to every verdict.
import { createHash } from 'node:crypto';
import { excerpt } from '../printable.js';

const TEXT_LIMIT = 4096;

export type TranscriptEvent =
  | { t: number; event: 'send'; len: number; sha256?: string; text?: string; fds: number }
  | { t: number; event: 'recv'; len: number; text?: string; fds: string[]; truncated: boolean }
  | { t: number; event: 'timeout'; waitedMs: number; pending: string }
  | { t: number; event: 'eof' }
  | { t: number; event: 'payload'; pipeid: number; bytes: number; sha256: string; end: string }
  | { t: number; event: 'note'; text: string }
  | { t: number; event: 'exit'; code: number | null; signal: string | null };

type WithoutTime<E> = E extends unknown ? Omit<E, 't'> : never;

export class Transcript {
  readonly events: TranscriptEvent[] = [];
  private readonly start = performance.now();

  add(event: WithoutTime<TranscriptEvent>): void {
    this.events.push({ t: Math.round((performance.now() - this.start) * 1000) / 1000, ...event } as TranscriptEvent);
  }

  /** Records a request; a digest only when the text is cut, since short text identifies itself. */
  recordSend(data: Buffer, fds: number): void {
    const sha256 = data.length > TEXT_LIMIT ? { sha256: createHash('sha256').update(data).digest('hex') } : {};
    this.add({ event: 'send', len: data.length, ...sha256, ...textOf(data), fds });
  }

  recordReceive(data: Buffer, size: number, fdKinds: string[], truncated: boolean): void {
    this.add({ event: 'recv', len: size, ...textOf(data, size), fds: fdKinds, truncated });
  }

  note(text: string): void {
    this.add({ event: 'note', text });
  }

  /** Drops every event so far: the process goes on to serve another session, whose record starts here. */
  clear(): void {
    this.events.length = 0;
  }

  /** The last `count` events, for a finding's evidence. */
  tail(count = 20): TranscriptEvent[] {
    return this.events.slice(-count);
  }
}

/** `size`: the whole packet's, when only part of it was received. */
function textOf(data: Buffer, size = data.length): { text?: string } {
  return { text: excerpt(data, { max: TEXT_LIMIT, total: size }) };
}
