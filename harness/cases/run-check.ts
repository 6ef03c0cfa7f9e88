// Runs one check in a fresh implementation process, so that no check can disturb another, and
// turns whatever happens into a verdict. The process is always torn down and reaped.
import semver from 'semver';
import type { HarnessConfig } from '../config.js';
import { CheckContext, type CheckImage } from '../checks/context.js';
import type { CheckDefinition } from '../checks/types.js';
import { isHarnessError } from '../errors.js';
import type { CheckResult } from '../findings/result.js';
import { VerdictSignal, type Verdict } from '../findings/verdict.js';
import { describeExit, Implementation, isCleanExit, type LaunchSpec } from '../launch/implementation.js';

export interface CheckRunInput {
  check: CheckDefinition;
  spec: LaunchSpec;
  image: CheckImage;
  config: HarnessConfig;
  protocolVersion: string;
  signal: AbortSignal;
}

export async function runCheck(input: CheckRunInput): Promise<CheckResult> {
  const { check, spec, image, config, protocolVersion, signal } = input;
  const base = { id: check.id, title: check.title, level: check.level };
  const started = performance.now();
  // An unparseable version fails initialize/semver; gating then runs everything rather than guess.
  if (semver.valid(protocolVersion) !== null && semver.lt(protocolVersion, check.since)) {
    const verdict: Verdict = { status: 'not-applicable', reason: `needs protocol ${check.since}, implementation speaks ${protocolVersion}` };
    return { ...base, verdict, durationMs: 0, transcript: [], stderrTail: '' };
  }
  const impl = Implementation.launch(spec, signal);
  let verdict: Verdict;
  try {
    await check.run(new CheckContext(impl, image, config, protocolVersion));
    verdict = unexpectedExit(impl) ?? { status: 'pass' };
  } catch (error) {
    verdict = toVerdict(error);
  } finally {
    await impl.teardown(config.timeouts, { shutdown: true });
  }
  return {
    ...base,
    verdict,
    durationMs: performance.now() - started,
    transcript: impl.transcript.events,
    stderrTail: impl.stderrTail(),
  };

  function unexpectedExit(impl: Implementation): Verdict | null {
    const exit = impl.exited;
    if (exit === null || isCleanExit(exit)) return null;
    return { status: 'crash', message: `the implementation ${describeExit(exit)} during the check`, exit, stderrTail: impl.stderrTail() };
  }
}

function toVerdict(error: unknown): Verdict {
  if (error instanceof VerdictSignal) return error.verdict;
  const code = isHarnessError(error) ? error.code : 'PC_INTERNAL';
  const message = error instanceof Error ? error.message : String(error);
  return { status: 'harness-error', message, code };
}
