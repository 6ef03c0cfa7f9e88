// A role's cases against one subject (an implementation, a client command): preflight when the role
// has one, then every case in a session of its own, `jobs` at a time, results reported as they
// finish and returned in suite order as one RunResult. Every role's run goes through runSubject;
// runSuite is the server role's, kept for the library's callers.
import { WAITING_CASES, type HarnessConfig } from '../config.js';
import type { CheckDefinition } from '../checks/types.js';
import type { CaseDefinition } from '../model/case.js';
import type { CaseResult, ImplementationInfo, RunResult } from '../verdicts/result.js';
import type { LaunchSpec } from '../launch/implementation.js';
import type { SessionProcesses } from '../launch/session-processes.js';
import { makeServerRole } from './server-role.js';
import { runCase } from './run-case.js';
import { runCases } from './run-cases.js';
import { runPreflight, type PreflightResult } from './preflight.js';
import type { Role } from './role.js';
import type { SuiteImage, SuiteImageAlias } from '../images/suite-images.js';
import type { RunRegistry } from '../registry/run-registry.js';
import { printable } from '../printable.js';

/** What a role's cases run against, ready to run: how the report names it, and its Role once preflight passed. */
export interface RoleSubject {
  /** The report's description; the protocol version comes from the preflight, the role from the run (SubjectRunOptions). */
  implementation: Omit<ImplementationInfo, 'protocolVersion' | 'role'>;
  /** Can the subject be judged at all, and which protocol does it speak? Absent: always, version unknown. */
  preflight?(signal: AbortSignal): Promise<PreflightResult>;
  /** The role for the cases, given the preflight's protocol version (null without a preflight). */
  role(protocolVersion: string | null): Role<unknown>;
  /** Whether a case that only waits out a deadline gives up its job slot (runCases' `waiting`). */
  waiting?: { afterMs: number; most: number };
}

export interface SubjectRunOptions<C> {
  signal: AbortSignal;
  /** The role results.json names (ImplementationInfo's `role`); absent for the default role. */
  role?: string | undefined;
  /** Cases run at once (default 1). */
  jobs?: number | undefined;
  /** Cases to start before the others (runCases' `startFirst`). */
  startFirst?: ((c: C) => boolean) | undefined;
  onStart?: ((c: C) => void) | undefined;
  onResult?: ((result: CaseResult) => void) | undefined;
}

export async function runSubject<C extends CaseDefinition<unknown>>(subject: RoleSubject, cases: readonly C[], options: SubjectRunOptions<C>): Promise<RunResult> {
  const { signal } = options;
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const preflight: PreflightResult | { ok: true; protocolVersion: null } =
    subject.preflight === undefined ? { ok: true, protocolVersion: null } : signal.aborted ? { ok: false, message: 'interrupted' } : await subject.preflight(signal);
  let runOne: (c: C) => Promise<CaseResult>;
  if (preflight.ok) {
    const role = subject.role(preflight.protocolVersion);
    runOne = (c) => runCase(c, role, signal);
  } else {
    const reason = printable(preflight.message);
    runOne = async (c) => notInitialized(c, reason);
  }
  const { results, notRun } = await runCases(cases, runOne, { signal, jobs: options.jobs, waiting: subject.waiting, startFirst: options.startFirst, onStart: options.onStart, onResult: options.onResult });
  return {
    implementation: { ...subject.implementation, ...(options.role !== undefined ? { role: options.role } : {}), protocolVersion: preflight.ok ? preflight.protocolVersion : null },
    // An Initialize the interrupt cut short says nothing about the implementation.
    preflightError: preflight.ok || signal.aborted ? null : printable(preflight.message),
    results,
    interrupted: signal.aborted ? { notRun } : null,
    startedAt,
    durationMs: performance.now() - started,
  };
}

/** With no working preflight, no case can pass: each fails with the preflight's reason. */
function notInitialized(c: CaseDefinition<unknown>, reason: string): CaseResult {
  return {
    id: c.id,
    title: c.title,
    level: c.level,
    tags: [...c.tags],
    verdict: { status: 'fail', message: `not run: ${reason}` },
    durationMs: 0,
    transcript: [],
    stderrTail: '',
    notRun: true,
  };
}

/** The server role's subject: an implementation launched from `spec`, initialized once before its cases. */
export interface ServerSubjectInput {
  spec: LaunchSpec;
  images: Readonly<Partial<Record<SuiteImageAlias, SuiteImage>>>;
  config: HarnessConfig;
  /** The run's registry, for cases that read a registry image (default: none was started). */
  registry?: RunRegistry | undefined;
  /** Where sessions' processes come from (default: one launched for each case, nothing beside the spec). */
  processes?: SessionProcesses | undefined;
}

export function serverSubject(input: ServerSubjectInput): RoleSubject {
  const { spec, images, config, registry, processes } = input;
  return {
    implementation: { executable: spec.executable, args: [...spec.args], socket: spec.socket.kind === 'stdin' ? 'stdin' : `fd ${spec.socket.fd}` },
    preflight: (signal) => runPreflight(spec, config, signal, processes?.resources),
    role: (protocolVersion) => makeServerRole({ spec, images, config, protocolVersion: protocolVersion ?? '', ...(registry ? { registry } : {}), ...(processes ? { processes } : {}) }) as Role<unknown>,
    waiting: WAITING_CASES,
  };
}

export interface SuiteInput extends ServerSubjectInput {
  checks: readonly CheckDefinition[];
  signal: AbortSignal;
  /** Checks run at once, each in a session of its own: its own process, or a hosted session when `processes` brings session hosts (default 1). */
  jobs?: number;
  /** Checks to start before the others (runCases' `startFirst`). */
  startFirst?: (check: CheckDefinition) => boolean;
  onStart?: (check: CheckDefinition) => void;
  onResult?: (result: CaseResult) => void;
}

/** A whole server run against one implementation. */
export function runSuite(input: SuiteInput): Promise<RunResult> {
  return runSubject(serverSubject(input), input.checks, input);
}
