// A whole run against one implementation: preflight, then every check in its own process, `jobs`
// at a time (a check that only waits out a deadline gives up its slot), results reported as they
// finish and returned in suite order. Stops scheduling (but still tears down) when the run is
// interrupted, and says which checks never started.
import type { HarnessConfig } from '../config.js';
import type { CheckDefinition } from '../checks/types.js';
import type { CheckResult, RunResult } from '../verdicts/result.js';
import type { LaunchSpec } from '../launch/implementation.js';
import { makeServerRole } from './run-check.js';
import { runCase } from './run-case.js';
import { runCases } from './run-cases.js';
import { runPreflight, type PreflightResult } from './preflight.js';
import type { SuiteImage, SuiteImageAlias } from '../model/suite-images.js';
import type { RunRegistry } from '../registry/run-registry.js';

export interface SuiteInput {
  spec: LaunchSpec;
  checks: readonly CheckDefinition[];
  images: Readonly<Partial<Record<SuiteImageAlias, SuiteImage>>>;
  config: HarnessConfig;
  signal: AbortSignal;
  /** The run's registry, for cases that read a registry image (default: none was started). */
  registry?: RunRegistry;
  /** Checks run at once, each with its own implementation process (default 1). */
  jobs?: number;
  onStart?: (check: CheckDefinition) => void;
  onResult?: (result: CheckResult) => void;
}

/**
 * A check takes some 40 ms; one still running after a second is waiting out a deadline (a hang
 * costs the whole reply or payload timeout) and runs beside the job limit, a few at most.
 */
const WAITING = { afterMs: 1000, most: 8 };

export async function runSuite(input: SuiteInput): Promise<RunResult> {
  const { spec, checks, images, config, signal } = input;
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const preflight: PreflightResult = signal.aborted ? { ok: false, message: 'interrupted' } : await runPreflight(spec, config, signal);
  const implementation = {
    executable: spec.executable,
    args: [...spec.args],
    socket: spec.socket.kind === 'stdin' ? 'stdin' : `fd ${spec.socket.fd}`,
    protocolVersion: preflight.ok ? preflight.protocolVersion : null,
  };
  let runOne: (check: CheckDefinition) => Promise<CheckResult>;
  if (preflight.ok) {
    const role = makeServerRole({ spec, images, config, protocolVersion: preflight.protocolVersion, ...(input.registry ? { registry: input.registry } : {}) });
    runOne = (check) => runCase(check, role, signal);
  } else {
    const reason = preflight.message;
    runOne = async (check) => notInitialized(check, reason);
  }
  const { results, notRun } = await runCases(checks, runOne, { signal, jobs: input.jobs, waiting: WAITING, onStart: input.onStart, onResult: input.onResult });
  return {
    implementation,
    // An Initialize the interrupt cut short says nothing about the implementation.
    preflightError: preflight.ok || signal.aborted ? null : preflight.message,
    results,
    interrupted: signal.aborted ? { notRun } : null,
    startedAt,
    durationMs: performance.now() - started,
  };
}

/** With no working Initialize, no check can pass: each fails with the preflight's reason. */
function notInitialized(check: CheckDefinition, reason: string): CheckResult {
  return {
    id: check.id,
    title: check.title,
    level: check.level,
    tags: [...check.tags],
    verdict: { status: 'fail', message: `not run: ${reason}` },
    durationMs: 0,
    transcript: [],
    stderrTail: '',
    notRun: true,
  };
}
