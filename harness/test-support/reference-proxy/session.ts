// Test support: the reference proxy run in this process on one end of a real socketpair, driven
// through the project's ProxyClient from the other end.
import { readdirSync } from 'node:fs';
import * as native from '../../native.js';
import { ProxyClient, type CallOutcome, type ReplyOutcome } from '../../protocol/client.js';
import { Transcript } from '../../protocol/transcript.js';
import { PacketSocket } from '../../transport/packet-socket.js';
import { readPipe, type PipeReadResult } from '../../transport/pipe-reader.js';
import { buildFixtures, type FixtureImage, type FixtureSet } from '../../images/index.js';
import { runReferenceProxy } from '../../reference-proxy/executable/run-reference-proxy.js';

const CALL_MS = 3000;

let fixtures: Promise<FixtureSet> | null = null;

/** The cached fixture set (file transports only). */
export function loadFixtures(): Promise<FixtureSet> {
  fixtures ??= buildFixtures({ transports: ['oci', 'oci-archive', 'dir', 'docker-archive'] });
  return fixtures;
}

export async function fixtureImage(id: string): Promise<FixtureImage> {
  const image = (await loadFixtures()).images.find((i) => i.id === id);
  if (!image) throw new Error(`no fixture image ${id}`);
  return image;
}

export type Reply = ReplyOutcome & { reply: NonNullable<ReplyOutcome['reply']> };

export interface Piped {
  reply: Reply;
  payload: PipeReadResult;
  finish: CallOutcome;
}

export class Session {
  readonly client: ProxyClient;
  readonly socket: PacketSocket;
  stderr = '';
  exitCode: number | null = null;
  private readonly abort = new AbortController();
  private readonly exited: Promise<number>;
  private readonly heldFds = new Set<number>();

  /** `args` go to the proxy; without a policy flag among them it runs with --insecure-policy, not the host's policy. */
  constructor(args: readonly string[]) {
    const [ours, theirs] = native.socketpair();
    const policy = args.some((a) => /^--(insecure-)?policy(=|$)/.test(a)) ? [] : ['--insecure-policy'];
    this.exited = runReferenceProxy(['--sockfd', String(theirs), ...policy, ...args], {
      stderr: (text) => {
        this.stderr += text;
      },
      stdout: () => {},
      signal: this.abort.signal,
    }).then((code) => {
      this.exitCode = code;
      return code;
    });
    this.socket = new PacketSocket(ours);
    this.client = new ProxyClient(this.socket, new Transcript(), new AbortController().signal);
  }

  call(method: string, args: unknown[] | undefined = [], timeoutMs = CALL_MS): Promise<CallOutcome> {
    return this.client.call(method, args, { timeoutMs });
  }

  /** A call that must get a reply envelope (success or failure). */
  async reply(method: string, args: unknown[] | undefined = [], timeoutMs = CALL_MS): Promise<Reply> {
    return expectReply(await this.call(method, args, timeoutMs), method);
  }

  async ok(method: string, args: unknown[] | undefined = []): Promise<Reply> {
    const r = await this.reply(method, args);
    if (!r.reply.success) throw new Error(`${method} failed: ${r.reply.error}`);
    return r;
  }

  raw(data: Buffer | string, timeoutMs = CALL_MS): Promise<CallOutcome> {
    return this.client.exchange(Buffer.isBuffer(data) ? data : Buffer.from(data), { timeoutMs });
  }

  /** Takes a received fd; the session closes it at the end unless the test closes it first. */
  take(fd: number): number {
    this.heldFds.add(this.socket.release(fd));
    return fd;
  }

  closeFd(fd: number): void {
    if (this.heldFds.delete(fd)) native.close(fd);
  }

  /** Reads a taken fd (to EOF, or as the options say), then closes it. */
  async drain(fd: number, options: { keep?: boolean; timeoutMs?: number; stopAfter?: number } = {}): Promise<PipeReadResult> {
    const result = await readPipe(fd, {
      ...(options.keep ?? true ? { keepUpTo: Number.MAX_SAFE_INTEGER } : {}),
      signal: AbortSignal.timeout(options.timeoutMs ?? CALL_MS),
      ...(options.stopAfter !== undefined ? { stopAfter: options.stopAfter } : {}),
    });
    this.closeFd(fd);
    return result;
  }

  /** The correct client order: call, then read the pipe while FinishPipe is in flight. */
  async piped(method: string, args: unknown[], options: { timeoutMs?: number } = {}): Promise<Piped> {
    const reply = await this.reply(method, args);
    if (!reply.reply.success || reply.fds.length === 0) {
      return { reply, payload: { bytes: 0, sha256: '', end: 'error', error: 'no fd' }, finish: { kind: 'timeout', elapsedMs: 0 } };
    }
    const fd = this.take(reply.fds[0] as number);
    const reading = this.drain(fd, options);
    const finish = await this.call('FinishPipe', [reply.reply.pipeid], options.timeoutMs ?? CALL_MS);
    return { reply, payload: await reading, finish };
  }

  async initialize(): Promise<void> {
    await this.ok('Initialize');
  }

  async open(reference: string): Promise<number> {
    return (await this.ok('OpenImage', [reference])).reply.value as number;
  }

  /** Ends the session by EOF (or, if the proxy does not exit, by aborting it); returns the exit code. */
  async end(timeoutMs = 2000): Promise<number> {
    for (const fd of this.heldFds) native.close(fd);
    this.heldFds.clear();
    if (!this.socket.isClosed) this.socket.close();
    return this.waitForExit(timeoutMs);
  }

  /** Waits for the proxy to return; aborts it after `timeoutMs`. */
  async waitForExit(timeoutMs = 2000): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), timeoutMs);
    });
    const code = await Promise.race([this.exited, late]);
    clearTimeout(timer);
    if (code !== null) return code;
    this.abort.abort(new Error('test session ended'));
    return this.exited;
  }
}

export function expectReply(outcome: CallOutcome, what: string): Reply {
  if (outcome.kind !== 'reply' || outcome.reply === null) throw new Error(`${what}: expected a reply envelope, got ${outcome.kind === 'reply' ? outcome.raw.toString() : outcome.kind}`);
  return outcome as Reply;
}

/** Open fds of this process (the in-process proxy's included). */
export function countOpenFds(): number {
  return readdirSync('/proc/self/fd').length;
}

/** Runs `body` with a fresh session and always ends it. */
export async function withSession<T>(args: readonly string[], body: (s: Session) => Promise<T>): Promise<T> {
  const session = new Session(args);
  try {
    return await body(session);
  } finally {
    await session.end();
  }
}
