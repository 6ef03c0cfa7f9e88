// The client role's subject: the client command, run once per client case (no preflight: the
// command is judged by what each run does). runClientSuite is a whole client run, as a RunResult
// like any other role's.
import { runSubject, type RoleSubject } from '../run/run-suite.js';
import type { Role } from '../run/role.js';
import type { CaseResult, RunResult } from '../verdicts/result.js';
import type { ClientCase } from './client-case.js';
import { makeClientRole, type ClientRoleInput } from './client-role.js';

export function clientSubject(input: ClientRoleInput): RoleSubject {
  return {
    implementation: { executable: input.command.executable, args: [...input.command.args], socket: 'client' },
    role: () => makeClientRole(input) as Role<unknown>,
  };
}

export interface ClientSuiteInput extends ClientRoleInput {
  cases: readonly ClientCase[];
  signal: AbortSignal;
  jobs?: number;
  onStart?: (c: ClientCase) => void;
  onResult?: (result: CaseResult) => void;
}

export function runClientSuite(input: ClientSuiteInput): Promise<RunResult> {
  return runSubject(clientSubject(input), input.cases, input);
}
