// `read`: a pipe read in one order relative to FinishPipe, the payload and FinishPipe's reply judged.
import { endOf, type CheckContext } from '../../checks/context.js';
import { readPiped } from '../../protocol/piped-read.js';
import type { OwnedFd } from '../../transport/owned-fd.js';
import type { StepRunner } from '../run-steps.js';
import { needsBytes } from '../expect.js';
import { resolveTemplate } from '../templates.js';
import type { StepShapes } from '../types.js';
import type { StepKindModule } from './step-kind.js';

export const readStep: StepKindModule<'read'> = { kind: 'read', observes: null, run };

async function run(step: StepShapes['read'], runner: StepRunner): Promise<void> {
  const ctx: CheckContext = runner.ctx;
  const { how } = step;
  const pipe = runner.pipeNamed(step.read);
  const finishArgs = (resolveTemplate(step.finishArgs ?? [pipe.pipeid], runner.bindings)) as unknown[];
  if (how === 'never') return;
  const { callMs, payloadMs, progressMs } = ctx.config.timeouts;
  const what = `the ${pipe.method} payload`;
  // Without FinishPipe first, EOF is due at once: the read gets a reply's deadline.
  const eofFirst = how === 'to-eof-first' || how === 'no-finish';
  const timeoutMs = eofFirst ? callMs : payloadMs;
  const read = await readPiped(
    // Closing the pipe closes every fd its reply passed.
    { fd: (pipe.fds[0] as OwnedFd).fd, close: () => runner.closePipe(step.read) },
    {
      order: how,
      pipeid: pipe.pipeid,
      finish: async () => {
        const outcome = await ctx.call('FinishPipe', finishArgs);
        runner.judgeReply('FinishPipe', outcome.reply, outcome.fds.length, step.expectFinish ?? {});
      },
      transcript: ctx.impl.transcript,
      timeoutMs,
      allowanceMs: progressMs,
      progress: ctx.impl.client.progress,
      signal: ctx.impl.client.sessionSignal,
      ...(needsBytes(step.expectPayload) ? { keepUpTo: ctx.config.keptPayloadBytes } : {}),
      limit: ctx.config.payloadLimitBytes,
      bytes: step.bytes,
    },
  );
  const { payload } = read;
  if (read.problem === 'no-eof') {
    const after = eofFirst ? 'without FinishPipe' : how === 'finish-first' ? "after FinishPipe's reply" : 'after FinishPipe';
    ctx.waitedInVain({ what: `${what} did not reach EOF ${after}`, pending: `EOF on pipe ${pipe.pipeid}`, timeoutMs, ...endOf(read.end) });
  }
  if (payload === null) return;
  if (read.problem === 'limit') ctx.fail(`${what} carried more than ${ctx.config.payloadLimitBytes} bytes`);
  if (read.problem === 'error') ctx.fail(`reading ${what} failed: ${payload.error}`);
  if (step.expectPayload !== undefined) runner.judgePayload(what, payload, step.expectPayload);
}
