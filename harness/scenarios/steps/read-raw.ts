// `readRaw`: GetRawBlob's data and error pipes read together (the error pipe ends only when the data is
// written), or one of them closed unread.
import { endOf, type CheckContext } from '../../checks/context.js';
import { readPipePair } from '../../protocol/piped-read.js';
import type { OwnedFd } from '../../transport/owned-fd.js';
import { needsBytes } from '../expect.js';
import type { StepRunner } from '../run-steps.js';
import type { StepShapes } from '../types.js';
import type { StepKindModule } from './step-kind.js';

export const readRawStep: StepKindModule<'readRaw'> = { kind: 'readRaw', observes: null, run };

async function run(step: StepShapes['readRaw'], runner: StepRunner): Promise<void> {
  const ctx: CheckContext = runner.ctx;
  const pipe = runner.pipeNamed(step.readRaw);
  if (pipe.fds.length !== 2) ctx.fail(`${pipe.method} passed ${pipe.fds.length} fds, expected a data and an error pipe`);
  const [dataFd, errorFd] = pipe.fds as [OwnedFd, OwnedFd];
  if (step.closeUnread !== undefined) {
    (step.closeUnread === 'error' ? errorFd : dataFd).close();
    ctx.impl.transcript.note(`client closed the ${pipe.method} ${step.closeUnread} pipe unread`);
    return;
  }
  const { payloadMs, progressMs } = ctx.config.timeouts;
  const read = await readPipePair(dataFd, errorFd, {
    timeoutMs: payloadMs,
    closeDataAfter: step.closeDataAfter,
    ...(needsBytes(step.expectPayload) ? { keepDataUpTo: ctx.config.keptPayloadBytes } : {}),
    dataLimit: ctx.config.payloadLimitBytes,
    allowanceMs: progressMs,
    progress: ctx.impl.client.progress,
    signal: ctx.impl.client.sessionSignal,
  });
  if (read.problem === 'no-eof') {
    ctx.waitedInVain({ what: `the ${pipe.method} pipes did not reach EOF`, pending: 'EOF on the data and error pipes', timeoutMs: payloadMs, ...endOf(read.end) });
  }
  if (read.data !== null && step.expectPayload !== undefined) runner.judgePayload(`the ${pipe.method} data`, read.data, step.expectPayload);
  if (step.expectError !== undefined) runner.judgePayload(`the ${pipe.method} error pipe`, read.error, step.expectError);
}
