// `fuzz --guided` end to end against skopeo-cover 1.22.0, bounded by a count of sequences, never by
// the clock: the corpus grows, blocks are reported per round and in fuzz.json. An implementation
// that leaves no counters, and the reference proxy, are usage errors (exit 2). Without the cover
// build the test fails (never skips); .ci/build-skopeo makes it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliRunner } from '../test-support/cli.js';
import { REPO_ROOT } from '../test-support/paths.js';
import { scratchDir } from '../test-support/scratch-dir.js';
import { requireSkopeoBuild, requireSkopeoCoverBuild } from '../test-support/skopeo-builds.js';

const cli = cliRunner();
const scratch = scratchDir('guided-fuzz-test');

interface GuidedRecord {
  sequences: number;
  guided: { blocks: number; roundRuns: number; timeline: Array<{ sequences: number; blocks: number; seeds: number }>; seeds: Array<{ commands: string[]; newBlocks: number }> };
}

describe('fuzz --guided', () => {
  it('grows a corpus against skopeo-cover 1.22.0 and reports the blocks reached each round', { timeout: 300_000 }, async () => {
    const skopeo = requireSkopeoCoverBuild('1.22.0');
    const reports = path.join(scratch, 'guided');
    const result = await cli(['fuzz', '--guided', '--impl', skopeo, '--profile', 'adversarial', '--seed', '1', '--runs', '80', '--report-dir', reports, '--timeout', '5000']);
    // Findings (known 1.22.0 deviations or not) may fail the run; usage and harness errors may not.
    expect([0, 1], result.stdout + result.stderr).toContain(result.exitCode);
    expect(result.stdout).toMatch(/coverage-guided, profile adversarial, seed 1/);
    expect(result.stdout).toMatch(/^guided, \d+\.\d s: \d+ blocks reached by \d+ sequences/m);
    expect(result.stdout).toMatch(/^guided: \d+ blocks reached by \d+ sequences \(\d+ left counters\); \d+ seeds kept/m);
    const record = JSON.parse(readFileSync(path.join(reports, 'fuzz.json'), 'utf8')) as GuidedRecord;
    const { guided } = record;
    expect(guided.roundRuns).toBe(40);
    expect(guided.timeline.length).toBeGreaterThanOrEqual(2);
    expect(guided.timeline[0]?.blocks).toBeGreaterThan(0);
    // The corpus grew: more than one seed, each with blocks of its own, summing to all blocks reached.
    expect(guided.seeds.length).toBeGreaterThan(1);
    expect(guided.seeds.every((s) => s.newBlocks > 0 && s.commands.length >= 0)).toBe(true);
    expect(guided.seeds.reduce((n, s) => n + s.newBlocks, 0)).toBe(guided.blocks);
  });

  it('refuses an implementation that leaves no coverage counters, and the reference proxy, with a usage error', { timeout: 120_000 }, async () => {
    const plain = requireSkopeoBuild('1.22.0').skopeo;
    const notCover = await cli(['fuzz', '--guided', '--impl', plain, '--runs', '5', '--report-dir', path.join(scratch, 'plain')]);
    expect(notCover.exitCode).toBe(2);
    expect(notCover.stderr).toMatch(/--guided needs the coverage counters of a Go cover build, and .*skopeo left none: it wrote no coverage files/);
    expect(notCover.stderr).not.toMatch(/\n\s+at /);
    const reference = await cli(['fuzz', '--guided', '--impl', path.join(REPO_ROOT, 'bin', 'reference-proxy.js'), '--runs', '5', '--report-dir', path.join(scratch, 'reference')]);
    expect(reference.exitCode).toBe(2);
    expect(reference.stderr).toMatch(/--guided reads the coverage counters of a Go cover build, and the reference proxy is not a Go program/);
    const replay = await cli(['fuzz', '--guided', '--seed', '1', '--path', '3:1', '--impl', plain]);
    expect(replay.exitCode).toBe(2);
    expect(replay.stderr).toMatch(/--guided cannot replay a --path/);
  });
});
