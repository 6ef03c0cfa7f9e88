// One compiled sequence, run as a scenario case in an implementation process (runCheck), with
// deadlines short enough that a hang found while shrinking costs a second, not minutes. The run
// also says how far the steps got, so that shrinking knows which steps never ran. With a pool that
// reuses processes, a sequence that passed makes its process fresh again (session-reset.ts), and a
// failure in a reused process is run again in a fresh one, whose result stands.
import type { SuiteImage, SuiteImageAlias } from '../images/suite-images.js';
import { runCheck } from '../run/server-role.js';
import { processPerSession, type SessionProcesses } from '../launch/session-processes.js';
import type { CheckDefinition } from '../checks/types.js';
import { DEFAULT_HANG_MS, FUZZ_TIMEOUTS, resolveConfig, type HarnessConfig } from '../config.js';
import type { CaseResult } from '../verdicts/result.js';
import type { LaunchSpec } from '../launch/implementation.js';
import { StepRunner } from '../scenarios/run-steps.js';
import { stepsObserve } from '../scenarios/steps/index.js';
import { toScenarioCase, type CompiledSequence } from '../sequences/compile.js';
import { CLOSING_CHECK_BEFORE_RESET, resetForNextSequence } from './session-reset.js';

export interface SequenceSession {
  spec: LaunchSpec;
  images: Readonly<Partial<Record<SuiteImageAlias, SuiteImage>>>;
  config: HarnessConfig;
  protocolVersion: string;
  signal: AbortSignal;
  /** Where its processes come from: a fresh one each, or started ahead, reused and reaped behind (launch/warm-pool.ts); default a process each. */
  processes?: SessionProcesses;
}

export interface SequenceRun {
  result: CaseResult;
  /** Steps that completed before the verdict (all of them when it passed). */
  completedSteps: number;
  /** It ran in a process that had served earlier sequences. */
  reused: boolean;
  /** It passed, but releasing what it left open went wrong (the process was not reused). */
  resetFailure?: string;
}

/** What running in reused sessions did over a run: the run's figures, and what only reuse showed. */
export interface ReuseRecord {
  /** Sequences that ran in a fresh session (process or hosted), reruns of failures included. */
  freshSessions: number;
  /** Sequences that ran in a session an earlier sequence had used. */
  reusedSessions: number;
  /** Failures in a reused process that a fresh process did not repeat: state one sequence left for another. */
  notReproducedFresh: Array<{ applied: string[]; verdict: string }>;
  /** Releases after a passing sequence that went wrong (a late stray reply among them). */
  resetFailures: Array<{ applied: string[]; why: string }>;
}

export function makeReuseRecord(): ReuseRecord {
  return { freshSessions: 0, reusedSessions: 0, notReproducedFresh: [], resetFailures: [] };
}

/**
 * runSequence in the session's pool; a failure in a reused process is run again in a fresh process
 * and that result is returned, so every failure explored, shrunk and reported is one a fresh
 * process shows. `record` counts reused sessions and keeps the failures only reuse showed.
 */
export async function runSequenceReusing(session: SequenceSession, sequence: CompiledSequence, record: ReuseRecord): Promise<SequenceRun> {
  const first = await runSequence(session, sequence);
  if (first.resetFailure !== undefined) record.resetFailures.push({ applied: sequence.applied, why: first.resetFailure });
  if (!first.reused) {
    record.freshSessions += 1;
    return first;
  }
  record.reusedSessions += 1;
  if (first.result.verdict.status === 'pass' || session.signal.aborted) return first;
  const fresh = { ...session, processes: processPerSession(session.processes?.resources) };
  record.freshSessions += 1;
  const again = await runSequence(fresh, sequence);
  if (again.result.verdict.status === 'pass') {
    const verdict = first.result.verdict;
    record.notReproducedFresh.push({ applied: sequence.applied, verdict: `${verdict.status}: ${'message' in verdict ? verdict.message : ''}` });
  }
  return again;
}

/** Every wait bounded by `hangMs`; exits and kills need less, since nothing runs after a verdict (FUZZ_TIMEOUTS). */
export function makeFuzzConfig(hangMs: number = DEFAULT_HANG_MS): HarnessConfig {
  // No longer allowance for progress: a fuzz wait stays bounded by hangMs, moving or not.
  return resolveConfig({ timeouts: { callMs: hangMs, payloadMs: hangMs, progressMs: hangMs, exitMs: Math.min(hangMs, FUZZ_TIMEOUTS.mostExitMs), termMs: FUZZ_TIMEOUTS.termMs } });
}

export async function runSequence(session: SequenceSession, sequence: CompiledSequence): Promise<SequenceRun> {
  const { steps, initialize, ...metadata } = toScenarioCase(sequence, {
    id: `fuzz/${sequence.profile}/sequence`,
    title: 'generated sequence',
    why: 'Property test: the model predicts every reply.',
    reference: 'harness/sequences',
  });
  const { spec, images, config, protocolVersion, signal, processes } = session;
  let completedSteps = 0;
  let reused = false;
  let resetFailure: string | undefined;
  // Counting the steps as they complete, which a scenario case does not need.
  const check: CheckDefinition = {
    ...metadata,
    observes: stepsObserve(steps),
    async run(ctx) {
      // A reused process was initialized by its first sequence; Initialize again must fail, so it is not sent.
      reused = ctx.impl.sessionsBefore > 0;
      // What a session that will go on must release after the sequence; it is probed first, which
      // shortens the closing wait (session-reset.ts). Null when the session ends with the sequence.
      const release = processes?.keeps?.(ctx.impl) === true ? sequence.leftOpen : null;
      if (initialize !== false && !reused) {
        // The first reply also waits for the process to start, which a loaded machine slows down.
        const { reply } = await ctx.call('Initialize', [], Math.max(FUZZ_TIMEOUTS.startupMs, config.timeouts.callMs));
        if (!reply.success) ctx.fail(`Initialize failed: ${reply.error}`);
      }
      const runner = new StepRunner(ctx, new Map<string, unknown>([['image', ctx.image], ['images', ctx.images]]));
      try {
        for (const [i, step] of steps.entries()) {
          await runner.run(release !== null && sequence.owners[i] === -1 ? CLOSING_CHECK_BEFORE_RESET : step);
          completedSteps += 1;
        }
        if (release !== null) {
          const reset = await resetForNextSequence(runner, release);
          if (reset.kind === 'fresh') processes?.offer?.(ctx.impl);
          else ctx.impl.transcript.note(`this process serves no further sequence: ${reset.why}`);
          // A release the run's interrupt cut short went wrong for no fault of the implementation.
          if (reset.kind === 'failed' && !signal.aborted) resetFailure = reset.why;
        }
      } finally {
        await runner.runAll([]);
      }
    },
  };
  const result = await runCheck({ check, spec, images, config, protocolVersion, signal, ...(processes ? { processes } : {}) });
  return { result, completedSteps, reused, ...(resetFailure !== undefined ? { resetFailure } : {}) };
}
