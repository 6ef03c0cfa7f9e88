// The only importer of the compiled addon: declares its interface and turns -errno into Errors.
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { PACKAGE_ROOT } from './package-root.js';

/** What `fstat(fd)` reports about a descriptor. */
export interface FdInfo {
  type: 'fifo' | 'socket' | 'file' | 'directory' | 'char' | 'block' | 'symlink' | 'unknown';
  access: 'read' | 'write' | 'read-write' | 'none';
  cloexec: boolean;
  nonblock: boolean;
  inode: number;
}

/** One received packet. `size` is its real length; `truncated` means it exceeded the buffer. */
export interface Packet {
  data: Buffer;
  size: number;
  fds: number[];
  truncated: boolean;
  ctruncated: boolean;
}

interface PollerHandle {
  start(events: number): number;
  stop(): void;
  close(): void;
}

interface Binding {
  socketpair(): [number, number] | number;
  pipe(): [number, number] | number;
  socket(): number;
  bind(fd: number, path: string): number;
  listen(fd: number, backlog: number): number;
  accept(fd: number): number;
  connect(fd: number, path: string): number;
  close(fd: number): number;
  sendmsg(fd: number, data: Buffer, fds: number[]): number;
  recvmsg(fd: number, buffer: Buffer, maxFds: number, meta: Int32Array): number;
  read(fd: number, buffer: Buffer, offset: number, length: number): number;
  write(fd: number, data: Buffer): number;
  setNonBlocking(fd: number, on: boolean): number;
  setPipeSize(fd: number, bytes: number): number;
  queuedBytes(fd: number): [number, number] | number;
  shutdown(fd: number, how: number): number;
  fstat(fd: number): FdInfo | number;
  spawn(file: string, argv: string[], env: string[], fdMap: number[], devNullTargets: number[], deathSignal: number): number;
  setChildSubreaper(): number;
  pidfdOpen(pid: number): number;
  reapPidfd(pidfd: number): { code: number | null; signal: number | null } | null | number;
  Poller: new (fd: number, callback: (status: number, events: number) => void) => PollerHandle;
}

export const POLL_READABLE = 1;
export const POLL_WRITABLE = 2;

// Aliases share a number (EAGAIN/EWOULDBLOCK); the first, conventional name wins.
const errnoNames = new Map<number, string>();
for (const [name, value] of Object.entries(constants.errno)) if (!errnoNames.has(value)) errnoNames.set(value, name);

/** An Error from a system call, with the errno name as `code` (EPIPE, EAGAIN, EBADF…). */
export class SyscallError extends Error {
  readonly code: string;
  readonly errno: number;
  readonly syscall: string;
  constructor(syscall: string, errno: number) {
    const code = errnoNames.get(errno) ?? `E${errno}`;
    super(`${syscall}: ${code}`);
    this.name = 'SyscallError';
    this.code = code;
    this.errno = errno;
    this.syscall = syscall;
  }
}

function throwOnErrno<T>(syscall: string, result: T | number): T {
  if (typeof result === 'number' && result < 0) throw new SyscallError(syscall, -result);
  return result as T;
}


// node-gyp-build picks a prebuild shipped in prebuilds/<platform>-<arch>/ that fits this Node and libc,
// else a local build in build/Release or build/Debug: no compiler is needed where a prebuild fits.
function loadBinding(): Binding {
  const require = createRequire(import.meta.url);
  const load = require('node-gyp-build') as (root: string) => unknown;
  try {
    return load(PACKAGE_ROOT) as Binding;
  } catch (error) {
    throw new Error(
      `the native addon could not be loaded from ${PACKAGE_ROOT} (no prebuild for ${process.platform}-${process.arch} and no local build): ` +
        'build it from source with `npm run build:addon` in a checkout, or `npm explore proxy-conformance -- npm run build:addon` where it is installed (either needs Python 3, make and a C++ compiler)',
      { cause: error },
    );
  }
}

const binding = loadBinding();

export function socketpair(): [number, number] {
  return throwOnErrno('socketpair', binding.socketpair());
}

export function pipe(): [number, number] {
  return throwOnErrno('pipe', binding.pipe());
}

/** A fresh unix SOCK_SEQPACKET socket, to bind and listen on or to connect. */
export function socket(): number {
  return throwOnErrno('socket', binding.socket());
}

export function bind(fd: number, socketPath: string): void {
  throwOnErrno('bind', binding.bind(fd, socketPath));
}

export function listen(fd: number, backlog: number): void {
  throwOnErrno('listen', binding.listen(fd, backlog));
}

/** Accepts one waiting connection (the listening fd must be O_NONBLOCK), or null if none waits. */
export function accept(fd: number): number | null {
  const result = binding.accept(fd);
  if (result === -constants.errno.EAGAIN) return null;
  return throwOnErrno('accept', result);
}

export function connect(fd: number, socketPath: string): void {
  throwOnErrno('connect', binding.connect(fd, socketPath));
}

export function close(fd: number): void {
  throwOnErrno('close', binding.close(fd));
}

/** Sends one packet without blocking; EAGAIN means the peer's queue is full. */
export function sendmsg(fd: number, data: Buffer, fds: readonly number[] = []): number {
  return throwOnErrno('sendmsg', binding.sendmsg(fd, data, [...fds]));
}

/**
 * Receives one packet without blocking into `buffer` (reused between calls; its length is the
 * most kept), or null when none is queued. Pass a number to get a fresh buffer of that size.
 */
export function recvmsg(fd: number, buffer: Buffer | number, maxFds: number): Packet | null {
  const into = typeof buffer === 'number' ? Buffer.allocUnsafe(buffer) : buffer;
  const result = binding.recvmsg(fd, into, maxFds, RECEIVE_META);
  if (result === -constants.errno.EAGAIN) return null;
  const size = throwOnErrno('recvmsg', result);
  const kept = Math.min(size, into.length);
  const nfds = RECEIVE_META[1] as number;
  return {
    // A fresh buffer is the caller's own; a reused one is copied, as the next receive overwrites it.
    data: typeof buffer === 'number' ? into.subarray(0, kept) : Buffer.from(into.subarray(0, kept)),
    size,
    fds: nfds === 0 ? [] : Array.from(RECEIVE_META.subarray(2, 2 + nfds)),
    truncated: ((RECEIVE_META[0] as number) & 1) !== 0,
    ctruncated: ((RECEIVE_META[0] as number) & 2) !== 0,
  };
}

/** Where recvmsg leaves its flags, fd count and fds: every receive runs to completion before the next. */
const RECEIVE_META = new Int32Array(2 + 253);

/** Reads into `buffer` without blocking (the fd must be O_NONBLOCK): a count (0 at EOF), or null if no data yet. */
export function read(fd: number, buffer: Buffer, offset = 0, length = buffer.length - offset): number | null {
  const result = binding.read(fd, buffer, offset, length);
  if (result === -constants.errno.EAGAIN) return null;
  return throwOnErrno('read', result);
}

export function write(fd: number, data: Buffer): number {
  return throwOnErrno('write', binding.write(fd, data));
}

export function setNonBlocking(fd: number, on: boolean): void {
  throwOnErrno('fcntl', binding.setNonBlocking(fd, on));
}

/** Grows (or shrinks) a pipe's buffer; returns the capacity the kernel granted. */
export function setPipeSize(fd: number, bytes: number): number {
  return throwOnErrno('fcntl', binding.setPipeSize(fd, bytes));
}

export function shutdown(fd: number, how: 'read' | 'write' | 'both'): void {
  throwOnErrno('shutdown', binding.shutdown(fd, how === 'read' ? 0 : how === 'write' ? 1 : 2));
}

/**
 * Of a socket: bytes waiting to be read on it (SIOCINQ), and bytes it sent that the peer has not
 * read yet (SIOCOUTQ). Whether a peer has read what it was sent is what the second one tells.
 */
export function queuedBytes(fd: number): { in: number; out: number } {
  const [inBytes, outBytes] = throwOnErrno('ioctl', binding.queuedBytes(fd));
  return { in: inBytes, out: outBytes };
}

export function fstat(fd: number): FdInfo {
  return throwOnErrno('fstat', binding.fstat(fd));
}

/**
 * Starts `file` (looked up on PATH without a slash) with posix_spawn, in a session and process
 * group of its own, signals at their defaults: Node's own spawn forks the whole harness first, which
 * costs milliseconds per process. `fds` maps the child's fd numbers to ours (ours stay open);
 * `devNull` targets get /dev/null. Returns the pid; a program that cannot be run throws (ENOENT…).
 * With `deathSignal`, the child gets that signal when we die, even by SIGKILL (PR_SET_PDEATHSIG; it
 * is then forked, posix_spawn cannot set it).
 */
export function spawn(
  file: string,
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  fds: ReadonlyMap<number, number>,
  devNull: readonly number[],
  deathSignal?: NodeJS.Signals,
): number {
  const envList = Object.entries(env)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `${k}=${v}`);
  const signalNumber = deathSignal === undefined ? 0 : constants.signals[deathSignal];
  return throwOnErrno('posix_spawn', binding.spawn(file, [...argv], envList, [...fds].flat(), [...devNull], signalNumber));
}

/** Makes this process a child subreaper: orphaned descendants (double-forked daemons) become our children, not init's. */
export function setChildSubreaper(): void {
  throwOnErrno('prctl', binding.setChildSubreaper());
}

/** A pidfd for our child `pid`: readable once it has exited (Linux 5.3 and later). */
export function pidfdOpen(pid: number): number {
  return throwOnErrno('pidfd_open', binding.pidfdOpen(pid));
}

/** Reaps the child behind `pidfd` if it has exited: its exit code or signal number; null while it runs. */
export function reapPidfd(pidfd: number): { code: number | null; signal: number | null } | null {
  return throwOnErrno('waitid', binding.reapPidfd(pidfd));
}

/** A libuv poll handle on one fd; the callback gets (error | null, events bitmask). */
export class Poller {
  private readonly handle: PollerHandle;
  private closed = false;
  constructor(fd: number, callback: (error: SyscallError | null, events: number) => void) {
    this.handle = new binding.Poller(fd, (status, events) => {
      callback(status < 0 ? new SyscallError('poll', -status) : null, events);
    });
  }
  start(events: number): void {
    throwOnErrno('poll', this.handle.start(events));
  }
  stop(): void {
    if (!this.closed) this.handle.stop();
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.handle.close();
  }
}
