// Guided fuzzing end to end against skopeo-cover 1.22.0 (runFuzz with `guided`, as bench:guided
// runs it), bounded by a count of sequences, never by the clock: the corpus grows, the blocks
// reached are told each round and kept in fuzz.json, findings are scenario files. An implementation
// that leaves no counters, and the reference proxy, are usage errors. Without the cover build the
// test fails (never skips); .ci/build-skopeo makes it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REFERENCE_PROXY_BIN } from '../launch/resolve-impl.js';
import type { LaunchSpec } from '../launch/implementation.js';
import { makeSkopeoArgs, writePermissivePolicy } from '../launch/skopeo.js';
import { formatCoveragePoint } from '../report/fuzz-console.js';
import { scratchDir } from '../test-support/scratch-dir.js';
import { requireSkopeoBuild, requireSkopeoCoverBuild } from '../test-support/skopeo-builds.js';
import { EXIT } from '../verdicts/exit-codes.js';
import type { CoveragePoint } from './corpus.js';
import { SILENT_FUZZ_EVENTS, type FuzzEvents } from './fuzz-events.js';
import { runFuzz, type FuzzSettings } from './run-fuzz.js';

const scratch = scratchDir('guided-fuzz-test');

interface GuidedRecord {
  sequences: number;
  findings: Array<{ file: string; guided?: boolean }>;
  guided: { blocks: number; roundRuns: number; timeline: CoveragePoint[]; seeds: Array<{ commands: string[]; newBlocks: number }> };
}

async function skopeoSpec(executable: string): Promise<LaunchSpec> {
  return { executable, args: makeSkopeoArgs(await writePermissivePolicy(scratch), []), socket: { kind: 'stdin' } };
}

function settings(name: string, runs: number): FuzzSettings {
  // A deadline far above a loaded machine's reply times: the subject is the corpus, not hangs.
  return { profile: 'adversarial', seed: 1, runs, timeMs: Number.POSITIVE_INFINITY, shrinkMs: 15_000, hangMs: 5000, jobs: 1, sequencesPerSession: 1, reportDir: path.join(scratch, name), command: 'test', guided: true };
}

describe('guided fuzzing', () => {
  it('grows a corpus against skopeo-cover 1.22.0 and tells the blocks reached each round', async () => {
    const spec = await skopeoSpec(requireSkopeoCoverBuild('1.22.0'));
    const points: CoveragePoint[] = [];
    const events: FuzzEvents = { ...SILENT_FUZZ_EVENTS, coverage: (point) => points.push(point) };
    const run = settings('guided', 80);
    const code = await runFuzz(run, spec, {}, events, new AbortController().signal);
    // Findings (known 1.22.0 deviations or not) may fail the run; usage and harness errors may not.
    expect([EXIT.OK, EXIT.FAILED]).toContain(code);
    const record = JSON.parse(readFileSync(path.join(run.reportDir, 'fuzz.json'), 'utf8')) as GuidedRecord;
    const { guided } = record;
    expect(guided.roundRuns).toBe(40);
    expect(points.length).toBeGreaterThanOrEqual(2);
    expect(guided.timeline).toEqual(points.map((p) => ({ ...p, atMs: Math.round(p.atMs) })));
    expect(points[0]?.blocks).toBeGreaterThan(0);
    expect(formatCoveragePoint(points[0] as CoveragePoint)).toMatch(/^\d+ blocks reached by \d+ sequences \(\d+ left counters\); \d+ seeds? kept$/);
    // The corpus grew: more than one seed, each with blocks of its own, summing to all blocks reached.
    expect(guided.seeds.length).toBeGreaterThan(1);
    expect(guided.seeds.every((s) => s.newBlocks > 0)).toBe(true);
    expect(guided.seeds.reduce((n, s) => n + s.newBlocks, 0)).toBe(guided.blocks);
    // Findings are scenario files, as unguided fuzzing writes them, marked guided.
    expect(record.findings.every((f) => f.guided === true && readdirSync(path.dirname(f.file)).includes(path.basename(f.file)))).toBe(true);
  });

  it('refuses an implementation that leaves no coverage counters, and the reference proxy, with a usage error', async () => {
    const plain = await skopeoSpec(requireSkopeoBuild('1.22.0').skopeo);
    const signal = new AbortController().signal;
    await expect(runFuzz(settings('plain', 5), plain, {}, SILENT_FUZZ_EVENTS, signal)).rejects.toMatchObject({
      code: 'PC_USAGE',
      message: expect.stringMatching(/needs the coverage counters of a Go cover build, and .*skopeo left none: it wrote no coverage files/),
    });
    const reference: LaunchSpec = { executable: process.execPath, args: [REFERENCE_PROXY_BIN], socket: { kind: 'stdin' } };
    await expect(runFuzz(settings('reference', 5), reference, {}, SILENT_FUZZ_EVENTS, signal)).rejects.toMatchObject({ code: 'PC_USAGE', message: expect.stringMatching(/the reference proxy is not a Go program/) });
  });
});
