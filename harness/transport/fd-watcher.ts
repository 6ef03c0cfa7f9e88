// Waits for an fd to become readable or writable on the event loop, abortably. libuv allows one
// poll handle per fd, so every waiter on one fd shares this watcher.
import { Poller, POLL_READABLE, POLL_WRITABLE } from '../native.js';

export const READABLE = POLL_READABLE;
export const WRITABLE = POLL_WRITABLE;

interface Waiter {
  events: number;
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
}

/** The abort listener a watcher keeps on one signal, and how many of its waiters watch that signal. */
interface AbortHook {
  listener: () => void;
  waiting: number;
}

export class FdWatcher {
  readonly fd: number;
  private readonly poller: Poller;
  private readonly waiters = new Set<Waiter>();
  private readonly hooks = new Map<AbortSignal, AbortHook>();
  /** The signal of the latest wait, whose listener stays between waits (see hook). */
  private lastSignal: AbortSignal | undefined;
  private armed = 0;
  private closed = false;

  constructor(fd: number) {
    this.fd = fd;
    this.poller = new Poller(fd, (error, events) => this.onPoll(error !== null, events));
  }

  /** Resolves when the fd is ready for `events` (or reports an error/hang-up: retry the syscall to see it). */
  waitFor(events: number, signal?: AbortSignal): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`fd ${this.fd}: watcher closed`));
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { events, resolve, reject, signal };
      if (signal !== undefined) this.hook(signal);
      this.waiters.add(waiter);
      this.rearm();
    });
  }

  /** Stops polling and rejects pending waits. Call before the fd itself is closed. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const waiter of [...this.waiters]) {
      this.remove(waiter);
      waiter.reject(new Error(`fd ${this.fd}: closed while waiting`));
    }
    for (const [signal, hook] of this.hooks) signal.removeEventListener('abort', hook.listener);
    this.hooks.clear();
    this.poller.close();
  }

  /**
   * Listens for `signal`'s abort. The latest signal's listener stays after its waits end: a session's
   * waits share one signal until it fires (SequentialIdleDeadlines), and adding and removing a
   * listener on every wait cost a round trip more than its system calls. Others go with their waits.
   */
  private hook(signal: AbortSignal): void {
    let hook = this.hooks.get(signal);
    if (hook === undefined) {
      hook = { listener: () => this.abortWaiters(signal), waiting: 0 };
      signal.addEventListener('abort', hook.listener, { once: true });
      this.hooks.set(signal, hook);
    }
    hook.waiting++;
    if (this.lastSignal === signal) return;
    const previous = this.lastSignal;
    this.lastSignal = signal;
    if (previous !== undefined) this.unhookIfIdle(previous);
  }

  private unhookIfIdle(signal: AbortSignal): void {
    const hook = this.hooks.get(signal);
    if (hook === undefined || hook.waiting > 0 || signal === this.lastSignal) return;
    signal.removeEventListener('abort', hook.listener);
    this.hooks.delete(signal);
  }

  private abortWaiters(signal: AbortSignal): void {
    this.hooks.delete(signal);
    if (this.lastSignal === signal) this.lastSignal = undefined;
    for (const waiter of [...this.waiters]) {
      if (waiter.signal !== signal) continue;
      this.waiters.delete(waiter);
      waiter.reject(signal.reason);
    }
  }

  private onPoll(failed: boolean, events: number): void {
    let woken = 0;
    for (const waiter of [...this.waiters]) {
      if (failed || (events & waiter.events) !== 0) {
        this.remove(waiter);
        waiter.resolve();
        woken++;
      }
    }
    // An error stops libuv's handle; re-arm so remaining waiters are not stranded.
    if (failed) this.armed = 0;
    this.rearm(woken === 0);
  }

  private remove(waiter: Waiter): void {
    this.waiters.delete(waiter);
    const { signal } = waiter;
    if (signal === undefined) return;
    const hook = this.hooks.get(signal);
    if (hook === undefined) return;
    hook.waiting--;
    this.unhookIfIdle(signal);
  }

  /**
   * Polls for what the waiters want. Outside a poll callback it only widens the interest: the next
   * wait usually follows at once, and re-registering with epoll per wait is the costliest part of a
   * round trip. A callback that wakes nobody narrows it, so a ready fd cannot spin.
   */
  private rearm(narrow = false): void {
    if (this.closed) return;
    let wanted = 0;
    for (const waiter of this.waiters) wanted |= waiter.events;
    if (!narrow) wanted |= this.armed;
    if (wanted === this.armed) return;
    this.armed = wanted;
    if (wanted === 0) this.poller.stop();
    else this.poller.start(wanted);
  }
}
