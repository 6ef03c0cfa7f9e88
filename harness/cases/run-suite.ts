// A whole run against one implementation: preflight, then every check in its own process, results
// reported as they finish. Stops scheduling (but still tears down) when the run is aborted.
import type { HarnessConfig } from '../config.js';
import type { CheckImage } from '../checks/context.js';
import type { CheckDefinition } from '../checks/types.js';
import type { CheckResult, RunResult } from '../findings/result.js';
import type { LaunchSpec } from '../launch/implementation.js';
import { runCheck } from './run-check.js';
import { runPreflight } from './preflight.js';

export interface SuiteInput {
  spec: LaunchSpec;
  checks: readonly CheckDefinition[];
  image: CheckImage;
  config: HarnessConfig;
  signal: AbortSignal;
  onResult?: (result: CheckResult) => void;
}

export async function runSuite(input: SuiteInput): Promise<RunResult> {
  const { spec, checks, image, config, signal, onResult } = input;
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const preflight = await runPreflight(spec, config, signal);
  const implementation = {
    executable: spec.executable,
    args: [...spec.args],
    socket: spec.socket.kind === 'stdin' ? 'stdin' : `fd ${spec.socket.fd}`,
    protocolVersion: preflight.ok ? preflight.protocolVersion : null,
  };
  const results: CheckResult[] = [];
  for (const check of checks) {
    if (signal.aborted) break;
    const result = preflight.ok
      ? await runCheck({ check, spec, image, config, protocolVersion: preflight.protocolVersion, signal })
      : notRun(check, preflight.message);
    results.push(result);
    onResult?.(result);
  }
  return {
    implementation,
    preflightError: preflight.ok ? null : preflight.message,
    results,
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
    verdict: { status: 'fail', message: `not run: ${reason}` },
    durationMs: 0,
    transcript: [],
    stderrTail: '',
  };
}
