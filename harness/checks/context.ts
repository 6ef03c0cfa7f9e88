// What a check works with: calls that turn a missing reply into a hang or crash verdict, reply
// envelope invariants applied to every reply, and payload reads that overlap FinishPipe.
import type { HarnessConfig } from '../config.js';
import { VerdictSignal } from '../verdicts/verdict.js';
import { verdictForWait, type WaitOutcome } from '../verdicts/liveness.js';
import { describeExit, isCleanExit, type ExitStatus, type Implementation } from '../launch/implementation.js';
import type { CallOutcome, Reply, ReplyOutcome } from '../protocol/client.js';
import { readPiped } from '../protocol/piped-read.js';
import type { PipeReadResult } from '../transport/pipe-reader.js';
import type { DeadlineEnd } from '../transport/idle-deadline.js';
import type { SuiteImage, SuiteImageAlias } from '../images/suite-images.js';
import type { Specs } from '../specs/index.js';
import { findReplyViolation } from './invariants.js';
import { excerpt, quote } from '../printable.js';

/** The image a check reads, with what a correct proxy returns for it (from the fixture set). */
export type CheckImage = SuiteImage;

interface PipedResult {
  reply: Reply;
  payload: PipeReadResult;
  finish: Reply;
}

export class CheckContext {
  /** Protocol version from the preflight Initialize, e.g. "0.2.3". */
  readonly protocolVersion: string;
  /** The policy file a case with a policy launched the implementation with (a step may rewrite it), else null. */
  policyFile: string | null = null;
  /** The exit a step required and saw (expectExit): the end of the case, not a crash, even when not clean. */
  expectedExit: ExitStatus | null = null;

  constructor(
    readonly impl: Implementation,
    /** The image the check reads; `images` holds every image the suite built, by alias. */
    readonly image: CheckImage,
    readonly images: Readonly<Partial<Record<SuiteImageAlias, SuiteImage>>>,
    readonly config: HarnessConfig,
    protocolVersion: string,
    readonly specs: Specs,
  ) {
    this.protocolVersion = protocolVersion;
  }

  /** Sends one request and returns its reply envelope (success or not). */
  async call(method: string, args: unknown[] | undefined, timeoutMs = this.config.timeouts.callMs): Promise<ReplyOutcome & { reply: Reply }> {
    const outcome = await this.impl.client.call(method, args, { timeoutMs, allowanceMs: this.config.timeouts.progressMs });
    return this.requireReply(method, outcome, timeoutMs);
  }

  /** Sends one raw packet (optionally with fds) and returns its reply, invariants checked. */
  async exchange(data: Buffer, method: string, fds: readonly number[] = [], timeoutMs = this.config.timeouts.callMs): Promise<ReplyOutcome & { reply: Reply }> {
    const outcome = await this.impl.client.exchange(data, { timeoutMs, fds, allowanceMs: this.config.timeouts.progressMs });
    return this.requireReply(method, outcome, timeoutMs);
  }

  /** Like call, but the reply must be a success. */
  async callOk(method: string, args: unknown[] | undefined): Promise<ReplyOutcome & { reply: Reply }> {
    const outcome = await this.call(method, args);
    if (!outcome.reply.success) this.fail(`${method} failed: ${excerpt(outcome.reply.error)}`);
    return outcome;
  }

  /** Calls Initialize and returns its value as sent (a version string, if the implementation is right). */
  async initialize(): Promise<unknown> {
    const { reply } = await this.callOk('Initialize', []);
    return reply.value;
  }

  async openImage(reference = this.image.reference): Promise<number> {
    const { reply } = await this.callOk('OpenImage', [reference]);
    if (typeof reply.value !== 'number') this.fail(`OpenImage returned ${quote(reply.value)}, not an integer id`);
    return reply.value as number;
  }

  /**
   * Calls a piped method, then reads the pipe while FinishPipe is in flight (the correct client
   * order: the write end closes only at FinishPipe, and a large payload would block it). With `keep`,
   * the payload's bytes come back too, unless there were more than config.keptPayloadBytes of them.
   */
  async fetchPiped(method: string, args: unknown[], keep = false): Promise<PipedResult> {
    const outcome = await this.callOk(method, args);
    const { reply } = outcome;
    if (outcome.fds.length !== 1) this.fail(`${method} replied with ${outcome.fds.length} fds, expected 1`);
    if (reply.pipeid === 0) this.fail(`${method} replied with an fd but pipeid 0`);
    const { payloadMs, progressMs } = this.config.timeouts;
    const read = await readPiped(this.impl.socket.take(outcome.fds[0] as number), {
      order: 'concurrent',
      pipeid: reply.pipeid,
      finish: async () => (await this.call('FinishPipe', [reply.pipeid])).reply,
      transcript: this.impl.transcript,
      timeoutMs: payloadMs,
      allowanceMs: progressMs,
      progress: this.impl.client.progress,
      signal: this.impl.client.sessionSignal,
      ...(keep ? { keepUpTo: this.config.keptPayloadBytes } : {}),
      limit: this.config.payloadLimitBytes,
      pipeSize: 1024 * 1024,
    });
    if (read.problem === 'no-eof') this.waitedInVain({ what: `the ${method} pipe did not reach EOF after FinishPipe`, pending: `EOF on pipe ${reply.pipeid}`, timeoutMs: payloadMs, ...endOf(read.end) });
    const { payload, finish } = read;
    if (read.problem === 'limit') this.fail(`the ${method} pipe carried more than ${this.config.payloadLimitBytes} bytes`);
    if (read.problem === 'error') this.fail(`reading the ${method} pipe failed: ${payload.error}`);
    return { reply, payload, finish };
  }

  /** The process must exit with code 0 within the exit deadline, after `what` (Shutdown, EOF). */
  async expectCleanExit(what: string): Promise<void> {
    const { exitMs } = this.config.timeouts;
    const exit = await this.impl.waitForExit(exitMs);
    if (exit === null) this.hang(`the process did not exit within ${exitMs} ms of ${what}`, `exit after ${what}`, exitMs);
    this.expect(isCleanExit(exit), `the process ended with ${exit.signal ?? `code ${exit.code}`} after ${what}, expected code 0`);
  }

  fail(message: string): never {
    throw new VerdictSignal({ status: 'fail', message });
  }

  expect(condition: boolean, message: string): asserts condition {
    if (!condition) this.fail(message);
  }

  hang(message: string, pending: string, waitedMs: number): never {
    throw new VerdictSignal({ status: 'hang', message, pending, waitedMs });
  }

  /** A wait that ran out: a hang if nothing moved for its deadline, else a failure that says what moved. */
  waitedInVain(wait: WaitOutcome): never {
    throw new VerdictSignal(verdictForWait(wait));
  }

  /** Turns a non-reply into a verdict and checks the invariants every reply must keep. */
  async requireReply(method: string, outcome: CallOutcome, timeoutMs: number): Promise<ReplyOutcome & { reply: Reply }> {
    if (outcome.kind === 'timeout') this.waitedInVain({ what: `no reply to ${method}`, pending: `reply to ${method}`, timeoutMs, ...endOf(outcome.end ?? null) });
    if (outcome.kind === 'eof') {
      const exit = await this.impl.waitForExit(this.config.timeouts.exitMs);
      const how = exit === null ? 'is still running' : describeExit(exit);
      const message = `implementation closed the connection and ${how} before replying to ${method}`;
      if (exit !== null && !isCleanExit(exit)) {
        throw new VerdictSignal({ status: 'crash', message, exit, stderrTail: this.impl.stderrTail() });
      }
      this.fail(message);
    }
    const violation = findReplyViolation(method, outcome, this.protocolVersion, this.specs);
    if (violation !== null) this.fail(violation);
    return outcome as ReplyOutcome & { reply: Reply };
  }
}

/** A deadline's end as an optional field (exactOptionalPropertyTypes: absent, never undefined). */
export function endOf(end: DeadlineEnd | null): { end?: DeadlineEnd } {
  return end !== null ? { end } : {};
}
