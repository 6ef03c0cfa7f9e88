// The fidelity of the reference proxy to a real implementation: each server case runs against both,
// the reference speaking the protocol version the real one answered, and the case passes when the
// two sessions cannot be told apart request by request (compare-sessions.ts). The client role serves
// clients with the reference proxy's behaviour, so its verdicts are only as good as this match.
import { WAITING_CASES, type HarnessConfig } from '../config.js';
import { runPreflight } from '../run/preflight.js';
import type { CaseEvidence, Role } from '../run/role.js';
import { makeServerRole } from '../run/server-role.js';
import { runCase } from '../run/run-case.js';
import type { RoleSubject } from '../run/run-suite.js';
import type { CheckContext } from '../checks/context.js';
import { HarnessError } from '../errors.js';
import type { LaunchSpec } from '../launch/implementation.js';
import type { SessionProcesses } from '../launch/session-processes.js';
import type { CaseDefinition } from '../model/case.js';
import type { SuiteImage, SuiteImageAlias } from '../images/suite-images.js';
import type { TranscriptEvent } from '../protocol/transcript.js';
import type { RunRegistry } from '../registry/run-registry.js';
import type { CaseResult } from '../verdicts/result.js';
import { VerdictSignal } from '../verdicts/verdict.js';
import { compareSessions, differInTransients } from './compare-sessions.js';
import { observeSession } from './observed-session.js';

/** How many times the exit deadlines a wait that differed gets when both sides run again. */
const PATIENCE = 5;

/** What a fidelity case runs in: the same case against both implementations. */
export interface FidelityContext {
  /** `patient`: with exit deadlines five times as long (a process that starts slowly on a loaded machine). */
  runBoth(c: CaseDefinition<CheckContext>, options?: { patient: boolean }): Promise<{ reference: CaseResult; real: CaseResult }>;
  /** What the real implementation answered to Initialize, which the reference speaks too. */
  protocolVersion: string;
  images: Readonly<Partial<Record<SuiteImageAlias, SuiteImage>>>;
}

export interface FidelitySubjectInput {
  /** The real implementation. */
  real: LaunchSpec;
  /** The reference proxy speaking `protocolVersion`. */
  reference(protocolVersion: string): Promise<LaunchSpec>;
  images: Readonly<Partial<Record<SuiteImageAlias, SuiteImage>>>;
  config: HarnessConfig;
  registry?: RunRegistry | undefined;
  /**
   * Where the reference's sessions run (default: a process each). The run's session hosts serve
   * every case that looks at nothing of the process but its exit (run/session-route.ts): a Node
   * process start costs more CPU than the rest of a case on both sides together.
   */
  referenceProcesses?: SessionProcesses;
}

/** A server case as a fidelity case: same id, title, level and tags; its run compares the two sessions. */
export function asFidelityCase(c: CaseDefinition<CheckContext>): CaseDefinition<FidelityContext> {
  return { ...c, run: (ctx) => compareBoth(ctx, c) };
}

/**
 * Runs `inner` against both implementations; a difference fails the fidelity case, naming each one.
 * A difference a loaded machine alone can make (one side waited in vain: a hang, a missed exit; or
 * got a retryable error) is run once more with patient deadlines first, as fuzz confirms a hang: on
 * a loaded machine a process can take longer than the exit deadline just to start, and a registry
 * longer than an idle timeout to answer, which says nothing of how the two implementations behave.
 */
export async function compareBoth(ctx: FidelityContext, inner: CaseDefinition<CheckContext>): Promise<void> {
  const first = differencesOf(await ctx.runBoth(inner));
  const { differences } = first.differences.length > 0 && first.transient ? differencesOf(await ctx.runBoth(inner, { patient: true })) : first;
  if (differences.length > 0) {
    const shown = differences.slice(0, 4).join('; ');
    const more = differences.length > 4 ? `; and ${differences.length - 4} more` : '';
    throw new VerdictSignal({ status: 'fail', message: `reference vs real: ${shown}${more}` });
  }
}

/**
 * The differences of one run of both, and whether a loaded machine alone could have made them (one
 * side hung, waited in vain or got a retryable error where the other did not); throws for a harness
 * error, or when neither side applies.
 */
function differencesOf({ reference, real }: { reference: CaseResult; real: CaseResult }): { differences: string[]; transient: boolean } {
  for (const r of [reference, real]) {
    if (r.verdict.status === 'harness-error') throw new HarnessError('PC_INTERNAL', `${r === reference ? 'against the reference' : 'against the real implementation'}: ${r.verdict.message}`);
  }
  // Nothing was compared: a generated case whose steps need a later protocol, say.
  if (reference.verdict.status === 'not-applicable' && real.verdict.status === 'not-applicable') throw new VerdictSignal(real.verdict);
  const [a, b] = [observeSession(reference.transcript), observeSession(real.transcript)];
  const differences = compareSessions(a, b);
  const statuses = [reference.verdict.status, real.verdict.status];
  if (statuses[0] !== statuses[1]) differences.unshift(`verdict: ${statuses[0]} vs ${statuses[1]}`);
  const transient = (statuses[0] !== statuses[1] && statuses.includes('hang')) || differInTransients(a, b);
  return { differences, transient };
}

export function fidelitySubject(input: FidelitySubjectInput): RoleSubject {
  const { real, images, config, registry } = input;
  let referenceSpec: LaunchSpec | null = null;
  const patient: HarnessConfig = { ...config, timeouts: { ...config.timeouts, exitMs: config.timeouts.exitMs * PATIENCE, termMs: config.timeouts.termMs * PATIENCE } };
  const serverRole = (spec: LaunchSpec, protocolVersion: string, c: HarnessConfig = config, processes?: SessionProcesses) => makeServerRole({ spec, images, config: c, protocolVersion, ...(registry ? { registry } : {}), ...(processes ? { processes } : {}) });
  return {
    implementation: { executable: real.executable, args: [...real.args], socket: real.socket.kind === 'stdin' ? 'stdin' : `fd ${real.socket.fd}` },
    async preflight(signal) {
      const answered = await runPreflight(real, config, signal);
      if (!answered.ok) return answered;
      referenceSpec = await input.reference(answered.protocolVersion);
      const reference = await runPreflight(referenceSpec, config, signal);
      if (!reference.ok) return { ok: false, message: `the reference proxy at protocol ${answered.protocolVersion}: ${reference.message}` };
      if (reference.protocolVersion !== answered.protocolVersion) return { ok: false, message: `the reference proxy answered ${reference.protocolVersion}, not ${answered.protocolVersion}` };
      return answered;
    },
    role(protocolVersion) {
      if (referenceSpec === null || protocolVersion === null) throw new HarnessError('PC_INTERNAL', 'the fidelity role runs only after its preflight');
      const { referenceProcesses } = input;
      const roles = { reference: serverRole(referenceSpec, protocolVersion, config, referenceProcesses), real: serverRole(real, protocolVersion) };
      const patientRoles = { reference: serverRole(referenceSpec, protocolVersion, patient, referenceProcesses), real: serverRole(real, protocolVersion, patient) };
      return fidelityRole(roles, patientRoles, { protocolVersion, images }) as Role<unknown>;
    },
    waiting: WAITING_CASES,
  };
}

type RolePair = { reference: Role<CheckContext>; real: Role<CheckContext> };

function fidelityRole(roles: RolePair, patientRoles: RolePair, shared: Pick<FidelityContext, 'protocolVersion' | 'images'>): Role<FidelityContext> {
  return {
    // A case that does not apply to the real implementation is not compared.
    verdictWithoutSession: (c) => roles.real.verdictWithoutSession(c as unknown as CaseDefinition<CheckContext>),
    async startSession(_c, signal) {
      const results: CaseResult[] = [];
      return {
        context: {
          ...shared,
          async runBoth(inner, options) {
            const { reference, real } = options?.patient === true ? patientRoles : roles;
            const [a, b] = await Promise.all([runCase(inner, reference, signal), runCase(inner, real, signal)]);
            // The evidence is the last run's: the patient one, when there was one.
            results.splice(0, results.length, a, b);
            return { reference: a, real: b };
          },
        },
        verdictAfterRun: () => null,
        async end(): Promise<CaseEvidence> {
          const [a, b] = results;
          return { transcript: [...labelled('the reference proxy', a), ...labelled('the real implementation', b)], stderrTail: b?.stderrTail ?? '' };
        },
      };
    },
  };
}

function labelled(who: string, result: CaseResult | undefined): TranscriptEvent[] {
  if (result === undefined) return [];
  return [{ t: 0, event: 'note', text: `${who}: ${result.verdict.status}` }, ...result.transcript];
}
