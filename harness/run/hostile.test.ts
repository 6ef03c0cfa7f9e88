// A hostile implementation gets a verdict for every case within the deadlines, and leaves nothing
// behind: the harness process holds the same fds afterwards and has no child processes.
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { resolveConfig } from '../config.js';
import type { CheckDefinition } from '../checks/types.js';
import { HOSTILE } from '../test-support/paths.js';
import { loadSuite } from './suite.js';
import { selectCases } from './select.js';
import { loadSuiteImages, type SuiteImages } from '../images/suite-images.js';
import { runSuite } from './run-suite.js';

const MODES = ['garbage', 'many-fds', 'oversized-reply', 'never-replies', 'close-mid-call', 'fork-keeps-socket', 'endless-pipe', 'unsolicited-reply', 'fd-is-socket', 'fd-is-file', 'deep-reply', 'close-at-start', 'huge-reply'];
// progressMs bounds the endless pipe, whose reads keep restarting the payload deadline.
const TIMEOUTS = { callMs: 800, payloadMs: 1500, progressMs: 3000, exitMs: 800, termMs: 500 };
/** fork-keeps-socket's child outlives its parent by this long; a case never waits for it. */
const CHILD_SECONDS = 900;
const STUCK_MS = 300_000;

let images: SuiteImages;
let checks: CheckDefinition[];

beforeAll(async () => {
  images = await loadSuiteImages();
  // The smoke checks plus cases that read pipes, send raw packets and wait for exits.
  checks = selectCases(loadSuite(), { run: ['tag:smoke', 'finishpipe/concurrent/*', 'malformed/not-json', 'lifecycle/eof-after-open', 'config/full-golden'], skip: [] });
});

function openFds(): string[] {
  return readdirSync('/proc/self/fd').sort();
}

function childPids(): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === process.pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Any process still running the hostile script, ours or reparented (a forked grandchild). */
function hostileProcesses(): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('hostile.py');
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('a hostile implementation', () => {
  test('gets a verdict for every case in every mode, and no fd or process is left behind', async () => {
    // Warm up what the first run opens once and keeps (the addon, the schemas), then measure.
    await runSuite({ spec: { executable: HOSTILE, args: ['--mode', 'garbage'], socket: { kind: 'stdin' } }, checks: checks.slice(0, 1), images, config: resolveConfig({ timeouts: TIMEOUTS }), signal: new AbortController().signal });
    const fdsBefore = openFds();
    const summary: string[] = [];
    for (const mode of MODES) {
      const started = performance.now();
      const run = await runSuite({
        spec: { executable: HOSTILE, args: ['--mode', mode, '--child-seconds', String(CHILD_SECONDS)], socket: { kind: 'stdin' } },
        checks,
        images,
        config: resolveConfig({ timeouts: TIMEOUTS }),
        signal: new AbortController().signal,
        jobs: 2,
      });
      const wall = performance.now() - started;
      const statuses = run.results.map((r) => r.verdict.status);
      summary.push(`${mode}: ${[...new Set(statuses)].join('/')} in ${Math.round(wall)} ms`);
      expect(statuses, mode).not.toContain('harness-error');
      expect(statuses.filter((s) => s === 'fail' || s === 'hang' || s === 'crash').length, `${mode} is caught`).toBeGreaterThan(0);
      // Each case waits at most a few deadlines; a wait stuck on the forked child would take its
      // whole life, which is far above this bound, itself far above a loaded machine's slowness.
      for (const r of run.results) expect(r.durationMs, `${mode} ${r.id}`).toBeLessThan(STUCK_MS);
    }
    console.log(summary.join('\n'));
    expect(childPids()).toEqual([]);
    expect(hostileProcesses()).toEqual([]);
    expect(openFds()).toEqual(fdsBefore);
  });
});
