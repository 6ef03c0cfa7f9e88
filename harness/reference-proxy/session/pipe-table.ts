// The session's pipes: FinishPipe's table of one-fd payload pipes by pipe id (the write end's fd
// number, as in skopeo), and the write ends outside it (GetRawBlob's, and those a fault keeps
// open), so that the end of the session closes every one.
import * as native from '../../native.js';
import type { Faults } from '../faults.js';
import type { PipeRole, SessionObserver } from './observer.js';
import { PipeOut, type ActivePipe } from './pipe-writer.js';

/** A new pipe: the read end to send, the write end the proxy keeps. */
export interface OpenedPipe {
  readFd: number;
  out: PipeOut;
}

export class PipeTable {
  private readonly active = new Map<number, ActivePipe>();
  private readonly loose = new Set<PipeOut>();

  constructor(
    private readonly faults: Faults,
    private readonly notify: SessionObserver,
  ) {}

  /** A new pipe for `method`'s reply: the proxy keeps the write end, the caller sends (then closes) the read end. */
  open(method: string, role: PipeRole): OpenedPipe {
    const [readFd, writeFd] = native.pipe();
    const out = new PipeOut(writeFd, {
      wrote: (bytes) => this.notify({ type: 'pipe-written', writeFd, bytes }),
      writeFailed: (error) => this.notify({ type: 'pipe-write-error', writeFd, error }),
      closed: () => this.notify({ type: 'pipe-closed', writeFd }),
    });
    this.notify({ type: 'pipe-opened', method, role, pipeid: role === 'payload' ? writeFd : 0, readFd, writeFd });
    return { readFd, out };
  }

  /** Puts a payload pipe in FinishPipe's table and returns its id. */
  add(pipe: ActivePipe): number {
    // An fd number is unique among open write ends; only write-end-closed-early frees one before
    // FinishPipe, and then the newer pipe takes the id over.
    this.active.set(pipe.out.fd, pipe);
    return pipe.out.fd;
  }

  get(pipeid: number): ActivePipe | undefined {
    return this.active.get(pipeid);
  }

  /** Takes a pipe out of FinishPipe's table (its write end is then released or held loose). */
  remove(pipeid: number): void {
    this.active.delete(pipeid);
  }

  /** Keeps a write end that is in no table open until it is dropped or the session ends. */
  holdLoose(out: PipeOut): void {
    this.loose.add(out);
  }

  dropLoose(out: PipeOut): void {
    this.loose.delete(out);
  }

  /** Closes a finished pipe's write end (unless a fault keeps it open until the session ends). */
  release(out: PipeOut): void {
    if (this.faults.has('write-end-never-closed')) {
      this.loose.add(out);
      return;
    }
    out.close();
    this.loose.delete(out);
  }

  /** Closes every write end, which stops every writer. */
  closeAll(): void {
    for (const pipe of this.active.values()) pipe.out.close();
    this.active.clear();
    for (const out of this.loose) out.close();
    this.loose.clear();
  }
}
