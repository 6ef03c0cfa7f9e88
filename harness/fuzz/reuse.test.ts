// Sequences in reused processes: a passing sequence's process serves the next once what it left
// open is released; a failure only a reused process shows is run again fresh and recorded, not
// reported as a finding; a stray reply that a process sends after the shortened closing wait
// arrives in the probe's place.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { withDir } from 'tmp-promise';
import { beforeAll, describe, expect, test } from 'vitest';
import { resolveConfig } from '../config.js';
import { runCheck } from '../cases/run-check.js';
import type { CheckDefinition } from '../checks/types.js';
import type { LaunchSpec } from '../launch/implementation.js';
import { REFERENCE_PROXY_BIN } from '../launch/resolve-impl.js';
import { loadSuiteImages, type SuiteImages } from '../model/suite-images.js';
import { StepRunner } from '../scenarios/run-steps.js';
import { HOSTILE } from '../test-support/paths.js';
import { EXIT } from '../verdicts/exit-codes.js';
import { runFuzz, type FuzzSettings } from './run-fuzz.js';
import { CLOSING_CHECK_BEFORE_RESET, resetForNextSequence, type ResetOutcome } from './session-reset.js';

/** The reference proxy as a process of its own (no session hosts), as an external implementation runs. */
function referenceProxy(...faults: string[]): LaunchSpec {
  return { executable: process.execPath, args: [REFERENCE_PROXY_BIN, ...faults.flatMap((f) => ['--fault', f])], socket: { kind: 'stdin' } };
}

interface ProcessFigures {
  started: number;
  reusedSessions: number;
  notReproducedFresh: Array<{ applied: string[]; verdict: string }>;
  resetFailures: unknown[];
}

async function fuzz(spec: LaunchSpec, sequencesPerProcess: number, runs = 60): Promise<{ code: number; sequences: number; findings: unknown[]; processes: ProcessFigures }> {
  return withDir(
    async ({ path: dir }) => {
      const settings: FuzzSettings = {
        profile: 'conformance',
        seed: 7,
        runs,
        timeMs: 60_000,
        shrinkMs: 5000,
        hangMs: 1000,
        jobs: 2,
        sequencesPerProcess,
        reportDir: dir,
        command: 'test',
      };
      const code = await runFuzz(settings, spec, { write: () => {} }, new AbortController().signal);
      return { code, ...JSON.parse(await readFile(path.join(dir, 'fuzz.json'), 'utf8')) };
    },
    { unsafeCleanup: true },
  );
}

describe('sequences in reused processes', () => {
  test('a process serves sequences until one ends it; with a limit of 1 each sequence gets its own', async () => {
    const reused = await fuzz(referenceProxy(), 100);
    expect(reused.code).toBe(EXIT.OK);
    expect(reused.processes.reusedSessions).toBeGreaterThan(reused.sequences / 3);
    expect(reused.processes.started).toBeLessThan(reused.sequences);
    expect(reused.processes.notReproducedFresh).toEqual([]);
    expect(reused.processes.resetFailures).toEqual([]);
    const fresh = await fuzz(referenceProxy(), 1, 16);
    expect(fresh.code).toBe(EXIT.OK);
    expect(fresh.processes.reusedSessions).toBe(0);
  }, 60_000);

  test('a failure only a reused process shows is run again fresh: recorded, not a finding', async () => {
    // Sixteen images per process life: a fresh process meets the limit in no single sequence.
    const run = await fuzz(referenceProxy('image-slots-never-freed'), 100);
    expect(run.code).toBe(EXIT.OK);
    expect(run.findings).toEqual([]);
    expect(run.processes.notReproducedFresh.length).toBeGreaterThan(0);
    expect(run.processes.notReproducedFresh[0]?.verdict).toMatch(/no free image slot/);
  }, 60_000);
});

describe('the probe after a sequence whose process goes on', () => {
  let images: SuiteImages;
  beforeAll(async () => {
    images = await loadSuiteImages();
  }, 60_000);

  /** Initialize, the shortened closing wait, then the reset with nothing left open. */
  async function resetAfterInitialize(spec: LaunchSpec): Promise<{ status: string; reset: ResetOutcome | undefined }> {
    let reset: ResetOutcome | undefined;
    const check: CheckDefinition = {
      id: 'test/reset',
      title: 'reset',
      why: 'test',
      level: 'MUST',
      since: '0.2.1',
      reference: 'test',
      tags: [],
      async run(ctx) {
        await ctx.initialize();
        const runner = new StepRunner(ctx, new Map());
        await runner.run(CLOSING_CHECK_BEFORE_RESET);
        reset = await resetForNextSequence(runner, { pipes: [], images: [] });
      },
    };
    const config = resolveConfig({ timeouts: { callMs: 1000, payloadMs: 1000, exitMs: 500, termMs: 250 } });
    const result = await runCheck({ check, spec, images, config, protocolVersion: '0.2.8', signal: new AbortController().signal });
    return { status: result.verdict.status, reset };
  }

  test('a stray sent after the wait but before the proxy reads on arrives in the probe’s place', async () => {
    const late = await resetAfterInitialize({ executable: 'python3', args: [HOSTILE, '--mode', 'late-extra-reply'], socket: { kind: 'stdin' } });
    expect(late.status).toBe('pass');
    expect(late.reset).toMatchObject({ kind: 'failed', why: expect.stringMatching(/FinishPipe/) });
    const clean = await resetAfterInitialize(referenceProxy());
    expect(clean).toEqual({ status: 'pass', reset: { kind: 'fresh' } });
  }, 30_000);
});
