// Sequences in reused sessions: a passing sequence's process (or hosted session) serves the next
// once what it left open is released; a failure only a reused session shows is run again fresh and
// recorded, not reported as a finding; a stray reply that a process sends after the shortened
// closing wait arrives in the probe's place (the hostile proxy sends it once the probe has come,
// so no wait's length decides it).
import { SILENT_FUZZ_EVENTS } from './fuzz-events.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { withDir } from 'tmp-promise';
import { beforeAll, describe, expect, test } from 'vitest';
import { resolveConfig } from '../config.js';
import { runCheck } from '../run/server-role.js';
import type { CheckDefinition } from '../checks/types.js';
import type { LaunchSpec } from '../launch/implementation.js';
import { REFERENCE_PROXY_BIN } from '../launch/resolve-impl.js';
import { withHostsIfReferenceProxy, type SessionHosts } from '../launch/session-hosts.js';
import { loadSuiteImages, type SuiteImages } from '../images/suite-images.js';
import { StepRunner } from '../scenarios/run-steps.js';
import { HOSTILE } from '../test-support/paths.js';
import { EXIT } from '../verdicts/exit-codes.js';
import { runFuzz, type FuzzSettings } from './run-fuzz.js';
import { CLOSING_CHECK_BEFORE_RESET, resetForNextSequence, type ResetOutcome } from './session-reset.js';

/** The reference proxy as a process of its own (no session hosts), as an external implementation runs. */
function referenceProxy(...faults: string[]): LaunchSpec {
  return { executable: process.execPath, args: [REFERENCE_PROXY_BIN, ...faults.flatMap((f) => ['--fault', f])], socket: { kind: 'stdin' } };
}

interface SessionFigures {
  freshSessions: number;
  reusedSessions: number;
  notReproducedFresh: Array<{ applied: string[]; verdict: string }>;
  resetFailures: unknown[];
}

async function fuzz(spec: LaunchSpec, sequencesPerSession: number, runs = 60, hosts?: SessionHosts): Promise<{ code: number; sequences: number; findings: unknown[]; sessions: SessionFigures }> {
  return withDir(
    async ({ path: dir }) => {
      const settings: FuzzSettings = {
        profile: 'conformance',
        seed: 7,
        runs,
        timeMs: 60_000,
        shrinkMs: 5000,
        // Far above any reply's time on a loaded machine: no sequence here hangs, and a reply the
        // deadline cut short would be a finding (or a failed release) that says nothing about reuse.
        hangMs: 5000,
        jobs: 2,
        sequencesPerSession,
        reportDir: dir,
        command: 'test',
      };
      const code = await runFuzz(settings, spec, { hosts }, SILENT_FUZZ_EVENTS, new AbortController().signal);
      return { code, ...JSON.parse(await readFile(path.join(dir, 'fuzz.json'), 'utf8')) };
    },
    { unsafeCleanup: true },
  );
}

describe('sequences in reused processes', () => {
  test('a process serves sequences until one ends it; with a limit of 1 each sequence gets its own', async () => {
    const reused = await fuzz(referenceProxy(), 100, 30);
    expect(reused.code).toBe(EXIT.OK);
    expect(reused.sessions.reusedSessions).toBeGreaterThan(reused.sequences / 3);
    expect(reused.sessions.freshSessions).toBeLessThan(reused.sequences);
    expect(reused.sessions.notReproducedFresh).toEqual([]);
    expect(reused.sessions.resetFailures).toEqual([]);
    const fresh = await fuzz(referenceProxy(), 1, 8);
    expect(fresh.code).toBe(EXIT.OK);
    expect(fresh.sessions.reusedSessions).toBe(0);
  });

  test('sessions in session hosts are reused the same way', async () => {
    const hosted = await withHostsIfReferenceProxy(referenceProxy(), { hosts: 2, emulates: ['exit'] }, (hosts) => fuzz(referenceProxy(), 100, 40, hosts));
    expect(hosted.code).toBe(EXIT.OK);
    expect(hosted.sessions.reusedSessions).toBeGreaterThan(hosted.sequences / 3);
    expect(hosted.sessions.freshSessions + hosted.sessions.reusedSessions).toBe(hosted.sequences);
    expect(hosted.sessions.resetFailures).toEqual([]);
  });

  test('a failure only a reused process shows is run again fresh: recorded, not a finding', async () => {
    // Sixteen images per process life: a fresh process meets the limit in no single sequence.
    const run = await fuzz(referenceProxy('image-slots-never-freed'), 100);
    expect(run.code).toBe(EXIT.OK);
    expect(run.findings).toEqual([]);
    expect(run.sessions.notReproducedFresh.length).toBeGreaterThan(0);
    expect(run.sessions.notReproducedFresh[0]?.verdict).toMatch(/no free image slot/);
  });
});

describe('the probe after a sequence whose process goes on', () => {
  let images: SuiteImages;
  beforeAll(async () => {
    images = await loadSuiteImages();
  });

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
    const config = resolveConfig({ timeouts: { callMs: 10_000, payloadMs: 10_000, exitMs: 5000, termMs: 2000 } });
    const result = await runCheck({ check, spec, images, config, protocolVersion: '0.2.8', signal: new AbortController().signal });
    return { status: result.verdict.status, reset };
  }

  test('a stray sent after the wait but before the proxy reads on arrives in the probe’s place', async () => {
    const late = await resetAfterInitialize({ executable: 'python3', args: [HOSTILE, '--mode', 'late-extra-reply'], socket: { kind: 'stdin' } });
    expect(late.status).toBe('pass');
    expect(late.reset).toMatchObject({ kind: 'failed', why: expect.stringMatching(/FinishPipe/) });
    const clean = await resetAfterInitialize(referenceProxy());
    expect(clean).toEqual({ status: 'pass', reset: { kind: 'fresh' } });
  });
});
