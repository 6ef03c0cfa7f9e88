// Fds the harness owns outside a socket: received pipe ends it took, and pipe ends it made to
// attach to a request. Each is closed exactly once, however many paths reach the close.
import * as native from '../native.js';

export class OwnedFd {
  private open = true;

  constructor(private readonly number: number) {}

  /** The fd number; -1 once closed, so a late use fails with EBADF instead of reaching a reused number. */
  get fd(): number {
    return this.open ? this.number : -1;
  }

  /** Closes the fd; later calls do nothing (a reused fd number is never closed by mistake). */
  close(): void {
    if (!this.open) return;
    this.open = false;
    native.close(this.number);
  }
}

/** The read end of a fresh pipe whose write end is already closed: an fd a request can carry. */
export function makeDrainedPipeReadEnd(): OwnedFd {
  const [readEnd, writeEnd] = native.pipe();
  native.close(writeEnd);
  return new OwnedFd(readEnd);
}
