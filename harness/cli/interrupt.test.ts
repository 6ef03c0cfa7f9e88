// Ctrl-C in the middle of a check: the run stops, the implementation is reaped, temp dirs go, and
// the cases cut short are reported as interrupted, the rest as not run.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { withDir } from 'tmp-promise';
import { expect, test } from 'vitest';
import type { ReportDocument } from '../report/model.js';
import { loadSpecs } from '../specs/index.js';
import { CLI, MINI_PROXY, REPO_ROOT, SLOW_START } from '../test-support/paths.js';
import { requireSkopeo } from '../test-support/skopeo.js';
import { loggedSkopeo } from '../test-support/logged-skopeo.js';
import { isAlive, processesRunning } from '../test-support/processes.js';
import { waitUntil } from '../test-support/wait-until.js';
import { FIXTURE_CACHE, withSharedFixtures } from '../test-support/run-temp-dir.js';
import { PROCESS_STUCK_MS } from '../test-support/stuck.js';



async function tempDirsLeft(tmp: string): Promise<string[]> {
  return (await readdir(tmp)).filter((name) => name.startsWith('proxy-conformance-') && name !== FIXTURE_CACHE);
}


test('SIGINT during a hanging check exits 130, leaves no implementation process and no temp dir', async () => {
  await withDir(
    async ({ path: tmp }) => {
      const marker = `--impl-arg=interrupt-marker-${process.pid}`;
      // The implementation ignores EOF and notes in this file when it gets it: the case has then sent
      // its EOF and waits for the process to exit (the preflight ends with Shutdown, not EOF).
      const eofLog = path.join(tmp, 'eof.log');
      const child = execa('node', [CLI, '--impl', MINI_PROXY, '--impl-arg=--fault', '--impl-arg=ignore-eof', '--impl-arg=--eof-log', `--impl-arg=${eofLog}`, marker, '--run', 'lifecycle/eof-exit-zero', '--no-report'], {
        reject: false,
        timeout: PROCESS_STUCK_MS,
        env: { TMPDIR: await withSharedFixtures(tmp) },
      });
      // From EOF the case waits 2 s for the exit, so nothing slow (no pgrep) comes between the line
      // and the interrupt: the pid it names is checked with signal 0.
      await waitUntil(async () => (await readFile(eofLog, 'utf8').catch(() => '')) !== '' || child.exitCode !== null);
      const pid = Number((await readFile(eofLog, 'utf8')).trim());
      expect(() => process.kill(pid, 0)).not.toThrow();
      child.kill('SIGINT');
      const result = await child;
      expect(result.exitCode).toBe(130);
      expect(result.stderr).toContain('SIGINT: stopping');
      expect(result.stdout.trim().split('\n').at(-1)).toBe('interrupted: 0 passed, 0 failed, 1 interrupted, 0 did not run');
      expect(await processesRunning(`interrupt-marker-${process.pid}`)).toBe('');
      expect(await tempDirsLeft(tmp)).toEqual([]);
    },
    { unsafeCleanup: true },
  );
});

test('SIGINT a few cases into a run against skopeo reports the case in flight as interrupted and the rest as not run, in every report', async () => {
  const skopeo = requireSkopeo();
  await withDir(
    async ({ path: tmp }) => {
      const reports = path.join(tmp, 'reports');
      // The case tagged hang starts first (a case expected to wait): skopeo never answers FinishPipe
      // before the payload is read, which the long --timeout turns into a wait that is surely cut
      // short. After a second it waits beside the job limit while the ~60 other cases go on: the
      // interrupt comes amid them, once three processes started after the waiting one have come and
      // gone while it stays (with one job, only a case set beside the job limit outlives the cases
      // after it).
      const selection = ['--run', 'tag:smoke', '--run', 'finishpipe/before-read/large', '--run', 'getblob', '--run', 'openimage/**', '--run', 'config/**'];
      // Each skopeo process logs its pid as it starts: one that lived a few milliseconds is not missed.
      const logged = await loggedSkopeo(tmp, skopeo);
      const child = execa('node', [CLI, '--impl', logged.impl, ...selection, '--jobs', '1', '--timeout', '60000', '--report-dir', reports], { reject: false, timeout: PROCESS_STUCK_MS, env: { TMPDIR: await withSharedFixtures(tmp) } });
      // skopeo's policy file is in the run's temp dir, which names its processes apart from any other run's.
      const ours = `--policy ${tmp}/proxy-conformance-`;
      await waitUntil(async () => {
        const started = await logged.started();
        const outlivesThreeLater = (pid: number, i: number) => isAlive(pid) && started.slice(i + 1).filter((later) => !isAlive(later)).length >= 3;
        return started.some(outlivesThreeLater) || child.exitCode !== null;
      });
      expect(child.exitCode).toBeNull();
      child.kill('SIGINT');
      const result = await child;

      expect(result.exitCode).toBe(130);
      // At least the three cases whose processes came and went; the waiting case, and the working one
      // in flight if the interrupt did not fall between two; n/a cases (no process) when it came late.
      expect(result.stdout.trim().split('\n').at(-1)).toMatch(/^interrupted: (?:[3-9]|\d\d) passed, 0 failed(?:, \d+ not applicable)?, [12] interrupted, [1-9]\d* did not run$/);
      expect(result.stdout).toMatch(/^INTERRUPTED {2}finishpipe\/before-read\/large {2}\(\d+ ms\)\n {6}the run was interrupted while the case waited for reply to FinishPipe$/m);
      expect(result.stdout).not.toMatch(/^HANG /m);
      expect(await processesRunning(ours)).toBe('');
      expect(await tempDirsLeft(tmp)).toEqual([]);

      const json: unknown = JSON.parse(await readFile(path.join(reports, 'results.json'), 'utf8'));
      expect(loadSpecs().validateResults(json)).toEqual({ ok: true });
      const doc = json as ReportDocument;
      const run = doc.runs[0]!;
      const interrupted = run.cases.filter((c) => c.verdict.status === 'interrupted');
      expect(interrupted.length === 1 || interrupted.length === 2).toBe(true);
      expect(interrupted.map((c) => c.id)).toContain('finishpipe/before-read/large');
      expect(run.interrupted?.notRun.length).toBe(doc.configuration.selectedCases - run.cases.length);
      expect(doc.interrupted).toEqual({ notRun: run.interrupted?.notRun.length });
      expect(await readFile(path.join(reports, 'junit.xml'), 'utf8')).toContain('did not run: the run was interrupted first');
      expect(await readFile(path.join(reports, 'summary.md'), 'utf8')).toContain('**The run was interrupted**');
      expect(await readFile(path.join(reports, 'index.html'), 'utf8')).toContain('The run was interrupted');
    },
    { unsafeCleanup: true },
  );
});

test('SIGINT during fuzz against skopeo exits 130 and ends every session, the ones kept for the next sequence too', async () => {
  const skopeo = requireSkopeo();
  await withDir(
    async ({ path: tmp }) => {
      const child = execa('node', [CLI, 'fuzz', '--impl', skopeo, '--seed', '1', '--jobs', '2', '--fuzz-time', '150s', '--timeout', '10000', '--report-dir', path.join(tmp, 'fuzz')], {
        reject: false,
        timeout: PROCESS_STUCK_MS,
        env: { TMPDIR: await withSharedFixtures(tmp) },
      });
      // A reply deadline far above a loaded machine's (the default 1 s would turn a slow release into
      // one that went wrong). Exploring starts after the line naming the profile. Sequences that end their session make a
      // process go: once four have gone, a score of sequences (seed 1's first ones reuse sessions)
      // have run and sessions are kept for the next sequence, whatever the machine's speed.
      const ours = `--policy ${tmp}/proxy-conformance-`;
      let out = '';
      await new Promise<void>((resolve) => {
        child.stdout?.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('profile conformance')) resolve();
        });
        void child.finally(() => resolve());
      });
      const seen = new Set<string>();
      const gone = new Set<string>();
      let running: string[] = [];
      await waitUntil(async () => {
        running = (await processesRunning(ours)).split('\n').filter(Boolean);
        for (const pid of running) seen.add(pid);
        for (const pid of seen) if (!running.includes(pid)) gone.add(pid);
        return gone.size >= 4 || child.exitCode !== null;
      });
      expect(running).not.toEqual([]);
      child.kill('SIGINT');
      const result = await child;
      expect(result.exitCode).toBe(130);
      expect(result.stdout).toMatch(/\(stopped by interrupted\)$/m);
      // A release cut short by the interrupt is no release that went wrong: the line ends after the counts.
      expect(result.stdout, result.stdout).toMatch(/^sessions: \d+ fresh for \d+ sequences \(up to 100 each\), [1-9]\d* sequences in a reused one$/m);
      expect(await processesRunning(ours)).toBe('');
      expect(await tempDirsLeft(tmp)).toEqual([]);
    },
    { unsafeCleanup: true },
  );
});

test('SIGINT while fuzz starts the implementation exits 130 and says so, not that Initialize went unanswered', async () => {
  await withDir(
    async ({ path: tmp }) => {
      // The implementation sleeps before it reads its socket; its own argument names this test's dir.
      const child = execa('node', [CLI, 'fuzz', '--impl', SLOW_START, `--impl-arg=--eof-log`, `--impl-arg=${tmp}/eof.log`, '--seed', '1', '--runs', '5', '--report-dir', path.join(tmp, 'fuzz')], {
        reject: false,
        timeout: PROCESS_STUCK_MS,
        env: { TMPDIR: await withSharedFixtures(tmp), SLOW_START_SECONDS: '600' },
      });
      await waitUntil(async () => (await processesRunning(`slow-start.sh --eof-log ${tmp}/`)) !== '' || child.exitCode !== null);
      expect(child.exitCode).toBeNull();
      child.kill('SIGINT');
      const result = await child;
      expect(result.exitCode).toBe(130);
      expect(result.stdout).toContain('interrupted while starting the implementation: no sequence was run');
      expect(result.stdout).not.toMatch(/Initialize|could not be initialized/);
      expect(await processesRunning(`slow-start.sh --eof-log ${tmp}/`)).toBe('');
      expect(await tempDirsLeft(tmp)).toEqual([]);
    },
    { unsafeCleanup: true },
  );
});

test('SIGINT after the last case is said alike by the summary line, results.json and the exit code, however late it lands', async () => {
  await withDir(
    async ({ path: tmp }) => {
      const reports = path.join(tmp, 'reports');
      const child = execa('node', [CLI, '--impl', path.join(REPO_ROOT, 'bin', 'reference-proxy.js'), '--run', 'tag:smoke', '--no-registry', '--timeout', '60000', '--report-dir', reports], {
        reject: false,
        timeout: PROCESS_STUCK_MS,
        env: { TMPDIR: await withSharedFixtures(tmp), NO_COLOR: '1' },
      });
      // The `cases:` line follows the last case: the interrupt lands while the run reports, or as it ends.
      let out = '';
      await new Promise<void>((resolve) => {
        child.stdout?.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (/^cases: /m.test(out)) resolve();
        });
        void child.finally(() => resolve());
      });
      expect(child.exitCode).toBeNull();
      child.kill('SIGINT');
      const result = await child;
      const summary = result.stdout.trim().split('\n').at(-1) ?? '';
      const doc = JSON.parse(await readFile(path.join(reports, 'results.json'), 'utf8')) as ReportDocument;
      expect(loadSpecs().validateResults(doc)).toEqual({ ok: true });
      // Before the summary line the interrupt is the outcome; after it, it only hurried the teardown.
      const said = { exitCode: result.exitCode === 130, line: summary.startsWith('interrupted: '), report: doc.interrupted !== undefined, run: doc.runs[0]?.interrupted !== undefined };
      expect(said, `${summary}\n${result.stderr}`).toEqual(said.exitCode ? { exitCode: true, line: true, report: true, run: true } : { exitCode: false, line: false, report: false, run: false });
      if (said.exitCode) expect(summary).toMatch(/^interrupted: \d+ passed, 0 failed(, \d+ not applicable)?, 0 interrupted, 0 did not run$/);
      else expect(result.exitCode).toBe(0);
      expect(await tempDirsLeft(tmp)).toEqual([]);
    },
    { unsafeCleanup: true },
  );
});
