// Runs one check in a fresh implementation process, so that no check can disturb another, and
// turns whatever happens into a verdict. The process is always torn down and reaped.
import semver from 'semver';
import type { HarnessConfig } from '../config.js';
import { CheckContext } from '../checks/context.js';
import type { CheckDefinition } from '../checks/types.js';
import { isHarnessError } from '../errors.js';
import type { CheckResult } from '../verdicts/result.js';
import { VerdictSignal, type Verdict } from '../verdicts/verdict.js';
import { loadSpecs } from '../specs/index.js';
import type { SuiteImage, SuiteImageAlias } from '../model/suite-images.js';
import { describeExit, Implementation, isCleanExit, type LaunchSpec } from '../launch/implementation.js';

export interface CheckRunInput {
  check: CheckDefinition;
  spec: LaunchSpec;
  images: Readonly<Partial<Record<SuiteImageAlias, SuiteImage>>>;
  config: HarnessConfig;
  protocolVersion: string;
  signal: AbortSignal;
}

export async function runCheck(input: CheckRunInput): Promise<CheckResult> {
  const { check, spec, images, config, protocolVersion, signal } = input;
  const base = { id: check.id, title: check.title, level: check.level, tags: [...check.tags] };
  const started = performance.now();
  const gate = versionGate(check, protocolVersion);
  if (gate !== null) return { ...base, verdict: gate, durationMs: 0, transcript: [], stderrTail: '' };
  const image = images[check.image ?? 'simple'];
  if (image === undefined) {
    const verdict: Verdict = { status: 'harness-error', message: `no fixture image ${check.image ?? 'simple'} was loaded`, code: 'PC_FIXTURE_FAILED' };
    return { ...base, verdict, durationMs: 0, transcript: [], stderrTail: '' };
  }
  const impl = Implementation.launch(checkSpec(spec, check), signal);
  let verdict: Verdict;
  try {
    await check.run(new CheckContext(impl, image, images, config, protocolVersion, loadSpecs()));
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

/** Not applicable outside [since, until); an unparseable version runs everything rather than guess. */
function versionGate(check: CheckDefinition, version: string): Verdict | null {
  if (semver.valid(version) === null) return null;
  if (semver.lt(version, check.since)) return { status: 'not-applicable', reason: `needs protocol ${check.since}, implementation speaks ${version}` };
  if (check.until !== undefined && semver.gte(version, check.until)) {
    return { status: 'not-applicable', reason: `about protocols before ${check.until}, implementation speaks ${version}` };
  }
  return null;
}

/** A check may demand the socket on a numbered fd (`--sockfd 3`) whatever the run's mode. */
function checkSpec(spec: LaunchSpec, check: CheckDefinition): LaunchSpec {
  if (check.socket !== 'fd' || spec.socket.kind === 'fd') return spec;
  return { ...spec, socket: { kind: 'fd', fd: 3 } };
}

function toVerdict(error: unknown): Verdict {
  if (error instanceof VerdictSignal) return error.verdict;
  const code = isHarnessError(error) ? error.code : 'PC_INTERNAL';
  const message = error instanceof Error ? error.message : String(error);
  return { status: 'harness-error', message, code };
}
