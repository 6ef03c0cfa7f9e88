// Runs scenario steps against one implementation session. Every fd a step receives is tracked
// and closed when the case ends; every wait is bounded by the run's timeouts.
import type { CheckContext } from '../checks/context.js';
import type { Reply } from '../protocol/client.js';
import { readPiped, readPipePair } from '../protocol/piped-read.js';
import { countOpenFds } from '../transport/fd-inspect.js';
import { makeDrainedPipeReadEnd, type OwnedFd } from '../transport/owned-fd.js';
import type { PipeReadResult } from '../transport/pipe-reader.js';
import { judgePayload, judgeReply, needsBytes } from './expect.js';
import { resolveTemplate, SavedReply, show, type Bindings } from './templates.js';
import type { PayloadExpectation, RawPacket, ReadHow, ReplyExpectation, Step } from './types.js';

interface LivePipe {
  method: string;
  pipeid: number;
  fds: OwnedFd[];
}

export class StepRunner {
  private readonly pipes = new Map<string, LivePipe>();
  private fdMark: number | null = null;

  constructor(
    private readonly ctx: CheckContext,
    readonly bindings: Bindings,
  ) {}

  async runAll(steps: readonly Step[]): Promise<void> {
    try {
      for (const step of steps) await this.run(step);
    } finally {
      this.closeAllPipes();
    }
  }

  async run(step: Step): Promise<void> {
    if ('call' in step) {
      const args = step.omitArgs ? undefined : step.args === null ? null : ((resolveTemplate(step.args ?? [], this.bindings)) as unknown[]);
      const request = args === undefined ? { method: step.call } : { method: step.call, args };
      await this.request(step.call, Buffer.from(JSON.stringify(request)), [], step.expect ?? {}, step.as);
    } else if ('send' in step) {
      const { data, method } = this.encode(step.send);
      const attached = Array.from({ length: step.send.attachFds ?? 0 }, makeDrainedPipeReadEnd);
      try {
        await this.request(method, data, attached.map((a) => a.fd), step.expect ?? {}, step.as);
      } finally {
        for (const a of attached) a.close();
      }
    } else if ('read' in step) {
      await this.read(step.read, step.how, step);
    } else if ('readRaw' in step) {
      await this.readRaw(step.readRaw, step.closeDataAfter, step.expectPayload, step.expectError);
    } else if ('pipeline' in step) {
      await this.pipeline(step.pipeline, step.expect);
    } else if ('expectExit' in step) {
      await this.expectExit(step.expectExit.code);
    } else if ('expectNoReply' in step) {
      await this.expectNoReply(step.expectNoReply.withinMs ?? this.ctx.config.timeouts.exitMs);
    } else if ('close' in step) {
      if (step.close === 'socket') this.ctx.impl.socket.close();
      else this.ctx.impl.socket.shutdownWrite();
      this.ctx.impl.transcript.note(`client closed its ${step.close === 'socket' ? 'socket' : 'socket for writing'}`);
    } else if ('fdCount' in step) {
      this.fdCount(step.fdCount, step.tolerance ?? 2);
    } else {
      for (let i = 0; i < step.repeat; i++) for (const inner of step.steps) await this.run(inner);
    }
  }

  /** Sends one request and judges its reply; `optional` accepts no reply at all (Shutdown). */
  private async request(method: string, data: Buffer, fds: readonly number[], exp: ReplyExpectation, as: string | undefined): Promise<void> {
    const { client, transcript } = this.ctx.impl;
    const timeoutMs = exp.optional || exp.none ? this.ctx.config.timeouts.exitMs : this.ctx.config.timeouts.callMs;
    const outcome = await client.exchange(data, { timeoutMs, fds });
    if (exp.none && outcome.kind === 'reply') this.ctx.fail(`${method} got a reply, expected none: ${outcome.raw.toString('utf8').slice(0, 200)}`);
    if ((exp.optional || exp.none) && outcome.kind !== 'reply') {
      transcript.note(`no reply to ${method} (${outcome.kind}), which this step accepts`);
      return;
    }
    const { reply, fds: got } = await this.ctx.requireReply(method, outcome, timeoutMs);
    this.keep(method, reply, got, as);
    const why = judgeReply(method, reply, got.length, exp, this.ctx.protocolVersion, this.bindings);
    if (why !== null) this.ctx.fail(why);
  }

  /** Saves the reply under `as` and takes its fds, so a later step can read them and the end closes them. */
  private keep(method: string, reply: Reply, fds: number[], as: string | undefined): void {
    const taken = fds.map((fd) => this.ctx.impl.socket.take(fd));
    const name = as ?? `#${this.pipes.size}`;
    if (as !== undefined) this.bindings.set(as, new SavedReply(reply.value, reply.pipeid, reply.success));
    if (taken.length > 0) {
      this.closePipe(name);
      this.pipes.set(name, { method, pipeid: reply.pipeid, fds: taken });
    }
  }

  private async read(name: string, how: ReadHow, step: Extract<Step, { read: string }>): Promise<void> {
    const pipe = this.pipeNamed(name);
    const finishArgs = (resolveTemplate(step.finishArgs ?? [pipe.pipeid], this.bindings)) as unknown[];
    if (how === 'never') return;
    const { callMs, payloadMs } = this.ctx.config.timeouts;
    const what = `the ${pipe.method} payload`;
    // Without FinishPipe first, EOF is due at once: the read gets a reply's deadline.
    const eofFirst = how === 'to-eof-first' || how === 'no-finish';
    const timeoutMs = eofFirst ? callMs : payloadMs;
    const read = await readPiped(pipe.fds[0] as OwnedFd, {
      order: how,
      pipeid: pipe.pipeid,
      finish: async () => {
        const outcome = await this.ctx.call('FinishPipe', finishArgs);
        const why = judgeReply('FinishPipe', outcome.reply, outcome.fds.length, step.expectFinish ?? {}, this.ctx.protocolVersion, this.bindings);
        if (why !== null) this.ctx.fail(why);
      },
      transcript: this.ctx.impl.transcript,
      timeoutMs,
      keep: needsBytes(step.expectPayload),
      limit: this.ctx.config.payloadLimitBytes,
      ...(step.bytes !== undefined ? { bytes: step.bytes } : {}),
    });
    const { payload } = read;
    if (read.problem === 'no-eof') {
      const after = eofFirst ? `within ${callMs} ms without FinishPipe` : how === 'finish-first' ? "after FinishPipe's reply" : 'after FinishPipe';
      this.ctx.hang(`${what} did not reach EOF ${after}`, `EOF on pipe ${pipe.pipeid}`, timeoutMs);
    }
    if (payload === null) return;
    if (read.problem === 'limit') this.ctx.fail(`${what} carried more than ${this.ctx.config.payloadLimitBytes} bytes`);
    if (read.problem === 'error') this.ctx.fail(`reading ${what} failed: ${payload.error}`);
    if (step.expectPayload !== undefined) this.judge(what, payload, step.expectPayload);
  }

  /** GetRawBlob: data and error pipe read together (the error pipe ends only when the data is written). */
  private async readRaw(name: string, closeDataAfter: number | undefined, expData?: PayloadExpectation, expError?: PayloadExpectation): Promise<void> {
    const pipe = this.pipeNamed(name);
    if (pipe.fds.length !== 2) this.ctx.fail(`${pipe.method} passed ${pipe.fds.length} fds, expected a data and an error pipe`);
    const [dataFd, errorFd] = pipe.fds as [OwnedFd, OwnedFd];
    const { payloadMs } = this.ctx.config.timeouts;
    const read = await readPipePair(dataFd, errorFd, {
      timeoutMs: payloadMs,
      ...(closeDataAfter !== undefined ? { closeDataAfter } : {}),
      keepData: needsBytes(expData),
      dataLimit: this.ctx.config.payloadLimitBytes,
    });
    if (read.problem === 'no-eof') {
      this.ctx.hang(`the ${pipe.method} pipes did not reach EOF within ${payloadMs} ms`, `EOF on the data and error pipes`, payloadMs);
    }
    if (read.data !== null && expData !== undefined) this.judge(`the ${pipe.method} data`, read.data, expData);
    if (expError !== undefined) this.judge(`the ${pipe.method} error pipe`, read.error, expError);
  }

  private async pipeline(calls: ReadonlyArray<{ call: string; args?: unknown[] }>, exps: ReplyExpectation[] | undefined): Promise<void> {
    const { client } = this.ctx.impl;
    for (const c of calls) {
      const args = resolveTemplate(c.args ?? [], this.bindings);
      await client.send(Buffer.from(JSON.stringify({ method: c.call, args })));
    }
    for (const [i, c] of calls.entries()) {
      const { callMs } = this.ctx.config.timeouts;
      const { reply, fds } = await this.ctx.requireReply(c.call, await client.receiveReply(callMs), callMs);
      this.keep(c.call, reply, fds, undefined);
      const why = judgeReply(`${c.call} (pipelined request ${i + 1})`, reply, fds.length, exps?.[i] ?? {}, this.ctx.protocolVersion, this.bindings);
      if (why !== null) this.ctx.fail(why);
    }
  }

  private async expectExit(code: number): Promise<void> {
    const { exitMs } = this.ctx.config.timeouts;
    const exit = await this.ctx.impl.waitForExit(exitMs);
    if (exit === null) this.ctx.hang(`the process did not exit within ${exitMs} ms`, 'process exit', exitMs);
    this.ctx.expect(exit.signal === null && exit.code === code, `the process ended with ${exit.signal ?? `code ${exit.code}`}, expected code ${code}`);
  }

  private async expectNoReply(withinMs: number): Promise<void> {
    const outcome = await this.ctx.impl.client.receiveReply(withinMs);
    if (outcome.kind === 'reply') this.ctx.fail(`an unexpected packet arrived: ${outcome.raw.toString('utf8').slice(0, 200)}`);
  }

  private fdCount(mode: 'mark' | 'stable', tolerance: number): void {
    const count = countOpenFds(this.ctx.impl.pid);
    if (count === null) this.ctx.fail(`cannot read /proc/${this.ctx.impl.pid}/fd: the process is gone`);
    if (mode === 'mark') {
      this.fdMark = count;
      this.ctx.impl.transcript.note(`implementation holds ${count} fds`);
      return;
    }
    if (this.fdMark === null) this.ctx.fail('fdCount "stable" needs an earlier fdCount "mark"');
    this.ctx.impl.transcript.note(`implementation holds ${count} fds (was ${this.fdMark})`);
    this.ctx.expect(count <= this.fdMark + tolerance, `the implementation's open fds grew from ${this.fdMark} to ${count}`);
  }

  private judge(what: string, payload: PipeReadResult, exp: PayloadExpectation): void {
    const why = judgePayload(what, payload, exp, this.ctx.specs, this.bindings);
    if (why !== null) this.ctx.fail(why);
  }

  private encode(packet: RawPacket): { data: Buffer; method: string } {
    let data: Buffer;
    let method = '(raw packet)';
    if (packet.hex !== undefined) data = Buffer.from(packet.hex, 'hex');
    else if (packet.text !== undefined) data = Buffer.from(String(resolveTemplate(packet.text, this.bindings)));
    else {
      const json = resolveTemplate(packet.json, this.bindings);
      const m = (json as { method?: unknown } | null)?.method;
      if (typeof m === 'string') method = m;
      data = Buffer.from(JSON.stringify(json));
    }
    if (packet.padSpaces !== undefined) data = Buffer.concat([data, Buffer.alloc(packet.padSpaces, 0x20)]);
    return { data, method };
  }

  private pipeNamed(name: string): LivePipe {
    const pipe = this.pipes.get(name);
    if (pipe === undefined) this.ctx.fail(`no pipe named ${show(name)}: the step that should have produced it passed no fd`);
    return pipe;
  }

  private closePipe(name: string): void {
    const pipe = this.pipes.get(name);
    if (pipe === undefined) return;
    for (const fd of pipe.fds) fd.close();
  }

  private closeAllPipes(): void {
    for (const name of this.pipes.keys()) this.closePipe(name);
  }
}
