// A whole run against one implementation: preflight, then every check in its own process, `jobs`
// at a time, results reported as they finish and returned in suite order. Stops scheduling (but
// still tears down) when the run is aborted.
import type { HarnessConfig } from '../config.js';
import type { CheckDefinition } from '../checks/types.js';
import type { CheckResult, RunResult } from '../verdicts/result.js';
import type { LaunchSpec } from '../launch/implementation.js';
import { runCheck } from './run-check.js';
import { runPreflight } from './preflight.js';
import type { SuiteImage, SuiteImageAlias } from '../model/suite-images.js';

export interface SuiteInput {
  spec: LaunchSpec;
  checks: readonly CheckDefinition[];
  images: Readonly<Partial<Record<SuiteImageAlias, SuiteImage>>>;
  config: HarnessConfig;
  signal: AbortSignal;
  /** Checks run at once, each with its own implementation process (default 1). */
  jobs?: number;
  onStart?: (check: CheckDefinition) => void;
  onResult?: (result: CheckResult) => void;
}

export async function runSuite(input: SuiteInput): Promise<RunResult> {
  const { spec, checks, images, config, signal, onStart, onResult } = input;
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const preflight = await runPreflight(spec, config, signal);
  const implementation = {
    executable: spec.executable,
    args: [...spec.args],
    socket: spec.socket.kind === 'stdin' ? 'stdin' : `fd ${spec.socket.fd}`,
    protocolVersion: preflight.ok ? preflight.protocolVersion : null,
  };
  const results: Array<CheckResult | undefined> = new Array(checks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < checks.length && !signal.aborted) {
      const index = next++;
      const check = checks[index] as CheckDefinition;
      onStart?.(check);
      const result = preflight.ok
        ? await runCheck({ check, spec, images, config, protocolVersion: preflight.protocolVersion, signal })
        : notRun(check, preflight.message);
      results[index] = result;
      onResult?.(result);
    }
  };
  const jobs = Math.max(1, Math.min(input.jobs ?? 1, checks.length));
  await Promise.all(Array.from({ length: jobs }, worker));
  return {
    implementation,
    preflightError: preflight.ok ? null : preflight.message,
    results: results.filter((r): r is CheckResult => r !== undefined),
    startedAt,
    durationMs: performance.now() - started,
  };
}

/** With no working Initialize, no check can pass: each fails with the preflight's reason. */
function notRun(check: CheckDefinition, reason: string): CheckResult {
  return {
    id: check.id,
    title: check.title,
    level: check.level,
    tags: [...check.tags],
    verdict: { status: 'fail', message: `not run: ${reason}` },
    durationMs: 0,
    transcript: [],
    stderrTail: '',
  };
}
