// A whole client run: every selected client case, each with its own run of the client, `jobs` at a
// time, as a RunResult like any other role's (the implementation is the client command).
import { runCase } from '../cases/run-case.js';
import { runCases } from '../cases/run-cases.js';
import type { CheckResult, RunResult } from '../verdicts/result.js';
import type { ClientCase } from './client-case.js';
import { makeClientRole, type ClientRoleInput } from './client-role.js';

export interface ClientSuiteInput extends ClientRoleInput {
  cases: readonly ClientCase[];
  signal: AbortSignal;
  jobs?: number;
  onStart?: (c: ClientCase) => void;
  onResult?: (result: CheckResult) => void;
}

export async function runClientSuite(input: ClientSuiteInput): Promise<RunResult> {
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const role = makeClientRole(input);
  const { results, notRun } = await runCases(input.cases, (c) => runCase(c, role, input.signal), {
    signal: input.signal,
    jobs: input.jobs,
    onStart: input.onStart,
    onResult: input.onResult,
  });
  return {
    implementation: { executable: input.command.executable, args: [...input.command.args], socket: 'client', protocolVersion: null, role: 'client' },
    preflightError: null,
    results,
    interrupted: input.signal.aborted ? { notRun } : null,
    startedAt,
    durationMs: performance.now() - started,
  };
}
