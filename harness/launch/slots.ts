// A counting semaphore whose waits end with the run's interrupt: how many of a run's processes
// (or sessions) may be alive at once.

/** A counting semaphore whose waits end with the run's interrupt (the caller then runs at once: its case sees the interrupt itself). */
export class Slots {
  private free: number;
  private readonly waiting: Array<() => void> = [];
  constructor(count: number) {
    this.free = Math.max(1, count);
  }

  async acquire(signal: AbortSignal): Promise<() => void> {
    if (this.free > 0) this.free--;
    else if (!signal.aborted) {
      await new Promise<void>((resolve) => {
        const onAbort = (): void => {
          const at = this.waiting.indexOf(wake);
          if (at !== -1) this.waiting.splice(at, 1);
          this.free--;
          resolve();
        };
        const wake = (): void => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
        this.waiting.push(wake);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    } else this.free--;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next !== undefined) next();
      else this.free++;
    };
  }
}
