// A fuzz run whose implementation never answers Initialize runs no sequence: the reporter says why,
// and the exit code is a failure, or an interrupt when the run was interrupted first.
import { withDir } from 'tmp-promise';
import { describe, expect, test } from 'vitest';
import type { LaunchSpec } from '../launch/implementation.js';
import { EXIT } from '../verdicts/exit-codes.js';
import { SILENT_FUZZ_EVENTS, type FuzzEvents } from './fuzz-events.js';
import { runFuzz, type FuzzSettings } from './run-fuzz.js';

/** Exits at once, leaving Initialize unanswered. */
const EXITS_AT_ONCE: LaunchSpec = { executable: '/bin/true', args: [], socket: { kind: 'stdin' } };

async function fuzzNotStarting(signal: AbortSignal): Promise<{ code: number; why: Parameters<FuzzEvents['notStarted']>[0][] }> {
  return withDir(
    async ({ path: dir }) => {
      const settings: FuzzSettings = { profile: 'conformance', seed: 1, runs: 5, timeMs: 60_000, shrinkMs: 5000, hangMs: 5000, jobs: 1, sequencesPerSession: 1, reportDir: dir, command: 'test' };
      const why: Parameters<FuzzEvents['notStarted']>[0][] = [];
      const code = await runFuzz(settings, EXITS_AT_ONCE, {}, { ...SILENT_FUZZ_EVENTS, notStarted: (w) => why.push(w) }, signal);
      return { code, why };
    },
    { unsafeCleanup: true },
  );
}

describe('a fuzz run whose implementation cannot be initialized', () => {
  test('fails, saying why', async () => {
    const { code, why } = await fuzzNotStarting(new AbortController().signal);
    expect(why).toEqual([{ interrupted: false, message: expect.any(String) }]);
    expect(code).toBe(EXIT.FAILED);
  });

  test('interrupted before it starts, is an interrupt', async () => {
    const controller = new AbortController();
    controller.abort(new Error('interrupted by the test'));
    const { code, why } = await fuzzNotStarting(controller.signal);
    expect(why).toEqual([{ interrupted: true }]);
    expect(code).toBe(EXIT.INTERRUPTED);
  });
});
