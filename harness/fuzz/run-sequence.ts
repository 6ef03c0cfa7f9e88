// One compiled sequence, run as a scenario case in a fresh implementation process (runCheck), with
// deadlines short enough that a hang found while shrinking costs a second, not minutes. The run
// also says how far the steps got, so that shrinking knows which steps never ran.
import type { SuiteImage, SuiteImageAlias } from '../model/suite-images.js';
import { runCheck, type SessionProcesses } from '../cases/run-check.js';
import type { CheckDefinition } from '../checks/types.js';
import { resolveConfig, type HarnessConfig } from '../config.js';
import type { CheckResult } from '../verdicts/result.js';
import type { LaunchSpec } from '../launch/implementation.js';
import { StepRunner } from '../scenarios/run-steps.js';
import { stepsObserve } from '../cases/session-route.js';
import { toScenarioCase, type CompiledSequence } from '../sequences/compile.js';

export interface SequenceSession {
  spec: LaunchSpec;
  images: Readonly<Partial<Record<SuiteImageAlias, SuiteImage>>>;
  config: HarnessConfig;
  protocolVersion: string;
  signal: AbortSignal;
  /** Processes started ahead and reaped behind (launch/warm-pool.ts); default one at a time. */
  processes?: SessionProcesses;
}

export interface SequenceRun {
  result: CheckResult;
  /** Steps that completed before the verdict (all of them when it passed). */
  completedSteps: number;
}

/** Default deadline for one reply or one EOF while fuzzing: anything slower is a hang. */
export const DEFAULT_HANG_MS = 1000;

/** How long the first reply may take, process start included (the default reply deadline). */
const STARTUP_MS = 5000;

/** Every wait bounded by `hangMs`; exits and kills need less, since nothing runs after a verdict. */
export function makeFuzzConfig(hangMs: number = DEFAULT_HANG_MS): HarnessConfig {
  return resolveConfig({ timeouts: { callMs: hangMs, payloadMs: hangMs, exitMs: Math.min(hangMs, 1000), termMs: 250 } });
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
  // What toCheck does for a scenario case, counting the steps as they complete.
  const check: CheckDefinition = {
    ...metadata,
    observes: stepsObserve(steps),
    async run(ctx) {
      if (initialize !== false) {
        // The first reply also waits for the process to start, which a loaded machine slows down.
        const { reply } = await ctx.call('Initialize', [], Math.max(STARTUP_MS, config.timeouts.callMs));
        if (!reply.success) ctx.fail(`Initialize failed: ${reply.error}`);
      }
      const runner = new StepRunner(ctx, new Map<string, unknown>([['image', ctx.image], ['images', ctx.images]]));
      try {
        for (const step of steps) {
          await runner.run(step);
          completedSteps += 1;
        }
      } finally {
        await runner.runAll([]);
      }
    },
  };
  const result = await runCheck({ check, spec, images, config, protocolVersion, signal, ...(processes ? { processes } : {}) });
  return { result, completedSteps };
}
