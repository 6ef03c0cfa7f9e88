// Runs scenario steps against one implementation session. Every fd a step receives is tracked
// and closed when the case ends; every wait is bounded by the run's timeouts.
import type { CheckContext } from '../checks/context.js';
import type { Reply } from '../protocol/client.js';
import type { OwnedFd } from '../transport/owned-fd.js';
import type { PipeReadResult } from '../transport/pipe-reader.js';
import { judgePayload, judgeReply } from './expect.js';
import { runStep } from './steps/index.js';
import { SavedReply, show, type Bindings } from './templates.js';
import type { PayloadExpectation, ReplyExpectation, Step } from './types.js';
import { excerpt } from '../printable.js';

/** The fds one reply passed, held under the name its step saved it as. */
interface LivePipe {
  method: string;
  pipeid: number;
  fds: OwnedFd[];
}

/** Ends a case's steps early: an error reply its step accepts (`orFail`). */
class FailureAccepted extends Error {}

export class StepRunner {
  private readonly pipes = new Map<string, LivePipe>();
  /** The implementation's open fds at the last `fdCount: "mark"`. */
  fdMark: number | null = null;

  constructor(
    readonly ctx: CheckContext,
    readonly bindings: Bindings,
  ) {}

  async runAll(steps: readonly Step[]): Promise<void> {
    try {
      for (const step of steps) await this.run(step);
    } catch (error) {
      if (!(error instanceof FailureAccepted)) throw error;
    } finally {
      this.closeAllPipes();
    }
  }

  run(step: Step): Promise<void> {
    return runStep(step, this);
  }

  /** Sends one request and judges its reply; `optional` accepts no reply at all (Shutdown). */
  async request(method: string, data: Buffer, fds: readonly number[], exp: ReplyExpectation, as: string | undefined): Promise<void> {
    const { client, transcript } = this.ctx.impl;
    const timeoutMs = exp.optional || exp.none ? this.ctx.config.timeouts.exitMs : this.ctx.config.timeouts.callMs;
    // A reply that must come may take up to the progress allowance while the session keeps moving.
    const allowanceMs = exp.optional || exp.none ? timeoutMs : this.ctx.config.timeouts.progressMs;
    const outcome = await client.exchange(data, { timeoutMs, fds, allowanceMs });
    if (exp.none && outcome.kind === 'reply') this.ctx.fail(`${method} got a reply, expected none: ${excerpt(outcome.raw, { total: outcome.size })}`);
    if ((exp.optional || exp.none) && outcome.kind !== 'reply') {
      transcript.note(`no reply to ${method} (${outcome.kind}), which this step accepts`);
      return;
    }
    const { reply, fds: got } = await this.ctx.requireReply(method, outcome, timeoutMs);
    this.keep(method, reply, got, as);
    this.judgeReply(method, reply, got.length, exp);
  }

  /** Saves the reply under `as` and takes its fds, so a later step can read them and the end closes them. */
  keep(method: string, reply: Reply, fds: number[], as: string | undefined): void {
    const taken = fds.map((fd) => this.ctx.impl.socket.take(fd));
    const name = as ?? `#${this.pipes.size}`;
    if (as !== undefined) this.bindings.set(as, new SavedReply(reply.value, reply.pipeid, reply.success));
    if (taken.length > 0) {
      this.closePipe(name);
      this.pipes.set(name, { method, pipeid: reply.pipeid, fds: taken });
    }
  }

  /** Fails the case when the reply does not meet the expectation; an error `orFail` accepts ends the case. */
  judgeReply(method: string, reply: Reply, fds: number, exp: ReplyExpectation): void {
    if (!reply.success && exp.orFail !== undefined) {
      const want = exp.orFail.errorCode;
      if (want !== undefined && this.ctx.specs.replyHasErrorCode(this.ctx.protocolVersion) && reply.error_code !== want) {
        this.ctx.fail(`${method} failed with error_code ${show(reply.error_code)}, expected ${show(want)}: ${excerpt(reply.error)}`);
      }
      this.ctx.impl.transcript.note(`${method} failed, which this step accepts; the case ends here: ${excerpt(reply.error)}`);
      throw new FailureAccepted();
    }
    const why = judgeReply(method, reply, fds, exp, this.ctx.protocolVersion, this.ctx.specs, this.bindings);
    if (why !== null) this.ctx.fail(why);
  }

  /** Fails the case when the payload does not meet the expectation; `what` names it in the message. */
  judgePayload(what: string, payload: PipeReadResult, exp: PayloadExpectation): void {
    const why = judgePayload(what, payload, exp, this.ctx.specs, this.bindings, this.ctx.config.keptPayloadBytes);
    if (why !== null) this.ctx.fail(why);
  }

  pipeNamed(name: string): LivePipe {
    const pipe = this.pipes.get(name);
    if (pipe === undefined) this.ctx.fail(`no pipe named ${show(name)}: the step that should have produced it passed no fd`);
    return pipe;
  }

  closePipe(name: string): void {
    for (const fd of this.pipes.get(name)?.fds ?? []) fd.close();
  }

  private closeAllPipes(): void {
    for (const name of this.pipes.keys()) this.closePipe(name);
  }
}
