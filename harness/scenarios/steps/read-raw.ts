// `readRaw`: GetRawBlob's data and error pipes read together (the error pipe ends only when the data is written).
import type { CheckContext } from '../../checks/context.js';
import { readPipePair } from '../../protocol/piped-read.js';
import type { OwnedFd } from '../../transport/owned-fd.js';
import { needsBytes } from '../expect.js';
import type { StepRunner } from '../run-steps.js';
import type { StepShapes } from '../types.js';

export async function runReadRaw(step: StepShapes['readRaw'], runner: StepRunner): Promise<void> {
  const ctx: CheckContext = runner.ctx;
  const pipe = runner.pipeNamed(step.readRaw);
  if (pipe.fds.length !== 2) ctx.fail(`${pipe.method} passed ${pipe.fds.length} fds, expected a data and an error pipe`);
  const [dataFd, errorFd] = pipe.fds as [OwnedFd, OwnedFd];
  const { payloadMs } = ctx.config.timeouts;
  const read = await readPipePair(dataFd, errorFd, {
    timeoutMs: payloadMs,
    closeDataAfter: step.closeDataAfter,
    keepData: needsBytes(step.expectPayload),
    dataLimit: ctx.config.payloadLimitBytes,
  });
  if (read.problem === 'no-eof') {
    ctx.hang(`the ${pipe.method} pipes did not reach EOF within ${payloadMs} ms`, `EOF on the data and error pipes`, payloadMs);
  }
  if (read.data !== null && step.expectPayload !== undefined) runner.judgePayload(`the ${pipe.method} data`, read.data, step.expectPayload);
  if (step.expectError !== undefined) runner.judgePayload(`the ${pipe.method} error pipe`, read.error, step.expectError);
}
