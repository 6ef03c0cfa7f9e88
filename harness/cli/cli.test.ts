// End to end through the built CLI (`npm test` builds first), against real skopeo and against a
// small implementation that misbehaves on request.
import { chmod, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { withDir } from 'tmp-promise';
import { describe, expect, test } from 'vitest';
import { CHECKS } from '../checks/index.js';
import { cliRunner, UNHURRIED } from '../test-support/cli.js';
import { CLI, EXITS_AT_ONCE, HOSTILE, MINI_PROXY, SLOW_START } from '../test-support/paths.js';
import { requireSkopeo } from '../test-support/skopeo.js';
import { withPeakRss } from '../test-support/peak-rss.js';

const runCli = cliRunner();

const ALL_PASS = `${CHECKS.length} passed, 0 failed`;
/** The first checks (written in TypeScript) carry the tag `smoke`; the scenario suite is judged elsewhere. */
const SMOKE = ['--run', 'tag:smoke'];
const BASELINE = path.resolve('specs/expected/skopeo-1.9.3.json');

describe('proxy-conformance against real skopeo', () => {
  test('all first checks pass with the socket on stdin', async () => {
    const skopeo = requireSkopeo();
    const result = await runCli(['--impl', skopeo, ...SMOKE]);
    expect(result.stdout).toContain('protocol version: 0.2.3');
    for (const check of CHECKS) expect(result.stdout).toMatch(new RegExp(`^pass  ${check.id} `, 'm'));
    expect(result.stdout.trim().split('\n').at(-1)).toBe(ALL_PASS);
    expect(result.exitCode).toBe(0);
  });

  test('all first checks pass with the socket on fd 3 (--sockfd 3)', async () => {
    const skopeo = requireSkopeo();
    const result = await runCli(['--impl', skopeo, '--sockfd', '3', ...SMOKE]);
    expect(result.stdout).toContain('socket: fd 3');
    expect(result.stdout.trim().split('\n').at(-1)).toBe(ALL_PASS);
    expect(result.exitCode).toBe(0);
  });

  test('without --impl it uses skopeo from PATH and says so', async () => {
    const skopeo = requireSkopeo();
    const result = await runCli(SMOKE);
    expect(result.stdout).toContain(`no --impl given: using skopeo from PATH (${skopeo})`);
    expect(result.exitCode).toBe(0);
  });

  // The registry group runs once (stdin): how the socket reaches skopeo does not change its registry path.
  test('the whole suite matches the recorded skopeo 1.9.3 baseline, in both socket modes', async () => {
    const skopeo = requireSkopeo();
    // Both runs at once: most of a run's wall time is its hang cases waiting out their deadlines.
    const modes = [[], ['--sockfd', '3', '--skip', 'registry/**']];
    const results = await Promise.all(modes.map((mode) => runCli(['--impl', skopeo, ...mode, '--baseline', BASELINE, '--no-report'])));
    for (const [i, result] of results.entries()) {
      expect(result.stdout, modes[i]?.join(' ')).toMatch(/recorded outcomes matched/);
      expect(result.stdout, modes[i]?.join(' ')).not.toMatch(/^(REGRESSION|STALE|UNKNOWN) /m);
      expect(result.exitCode, modes[i]?.join(' ')).toBe(0);
    }
  });
});

describe('without --impl and without skopeo', () => {
  test('the run uses the built-in reference proxy and says so', async () => {
    await withDir(
      async ({ path: bin }) => {
        // A PATH with the fixture builder's zstd but no skopeo.
        const zstd = (await execa('sh', ['-c', 'command -v zstd'])).stdout.trim();
        await symlink(zstd, path.join(bin, 'zstd'));
        const result = await execa(process.execPath, [CLI, ...SMOKE], { reject: false, env: { PATH: bin, NO_COLOR: '1' }, extendEnv: false, cwd: bin });
        expect(result.stdout).toContain('no --impl given and no skopeo on PATH: using the built-in reference proxy (protocol 0.2.8');
        expect(result.stdout).toContain('protocol version: 0.2.8');
        expect(result.stdout.trim().split('\n').at(-1)).toBe(ALL_PASS);
        expect(result.exitCode).toBe(0);
      },
      { unsafeCleanup: true },
    );
  });
});

describe('proxy-conformance reference-proxy', () => {
  // Each test is CLI runs of its own that mostly wait: they go a few at once.
  test.concurrent.each([[[]], [['--sockfd', '3']]])('serves the protocol (socket mode %j) and its faults are one flag away', async (mode) => {
    const base = ['--impl', CLI, '--impl-arg=reference-proxy', ...mode, ...SMOKE, ...UNHURRIED, '--no-report'];
    const clean = await runCli(base);
    expect(clean.stdout.trim().split('\n').at(-1)).toBe(ALL_PASS);
    const faulty = await runCli([...base, '--impl-arg=--fault', '--impl-arg=wrong-manifest-byte']);
    expect(faulty.stdout).toMatch(/^FAIL  manifest\/golden /m);
    expect(faulty.exitCode).toBe(1);
  });
});

describe('usage errors get one sentence and exit 2', () => {
  test('a nonexistent --impl', async () => {
    const result = await runCli(['--impl', '/nonexistent/proxy']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe('proxy-conformance: --impl /nonexistent/proxy: no such file');
    expect(result.stdout).toBe('');
  });

  test('a non-executable --impl', async () => {
    await withDir(
      async ({ path: dir }) => {
        const file = path.join(dir, 'proxy');
        await writeFile(file, '#!/bin/sh\n');
        await chmod(file, 0o644);
        const result = await runCli(['--impl', file]);
        expect(result.exitCode).toBe(2);
        expect(result.stderr).toBe(`proxy-conformance: --impl ${file}: not executable (try chmod +x)`);
      },
      { unsafeCleanup: true },
    );
  });

  test('a malformed --sockfd', async () => {
    const result = await runCli(['--impl', MINI_PROXY, '--sockfd', 'three']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('--sockfd takes a whole number, not "three"');
  });

  test('an unknown --format is a usage error before any case runs, not a failure while writing reports', async () => {
    const result = await runCli(['--impl', MINI_PROXY, ...SMOKE, '--format', 'pdf']);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('--format takes one of json, junit, markdown, html, not "pdf"');
  });

  test('an unknown option', async () => {
    const result = await runCli(['--imp', MINI_PROXY]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("unknown option '--imp'");
  });
});

describe('a failing implementation is reported, not thrown', () => {
  test('an implementation that exits at once: a clear sentence with its exit code and stderr', async () => {
    const result = await runCli(['--impl', EXITS_AT_ONCE, ...SMOKE]);
    expect(result.stdout).toContain(
      'implementation exited (code 7) before replying to Initialize; stderr: mini: cannot start: no configuration',
    );
    expect(result.stdout.trim().split('\n').at(-1)).toBe(`0 passed, ${CHECKS.length} failed`);
    expect(result.exitCode).toBe(1);
  });

  test('terminal control in its replies and stderr reaches neither the console nor any report raw', async () => {
    await withDir(
      async ({ path: dir }) => {
        const result = await runCli(['--impl', HOSTILE, '--impl-arg=--mode', '--impl-arg=terminal-escapes', '--run', 'layerinfo/inline-equals-manifest', '--no-color', '--report-dir', dir, '--format', 'markdown', '--format', 'html', '--format', 'junit']);
        expect(result.stdout).toContain('\\x1b]0;owned\\x07');
        const files = await Promise.all(['summary.md', 'index.html', 'junit.xml'].map((f) => readFile(path.join(dir, f), 'utf8')));
        // eslint-disable-next-line no-control-regex
        for (const [name, text] of [['stdout', result.stdout], ...files.map((t, i) => [`report ${i}`, t])] as const) expect(text, name).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
      },
      { unsafeCleanup: true },
    );
  });

  test('a huge reply or error text is quoted in part, with its full size, on the console and in every report', async () => {
    await withDir(
      async ({ path: dir }) => {
        const result = await runCli(['--impl', HOSTILE, '--impl-arg=--mode', '--impl-arg=huge-reply', '--run', 'lifecycle/shutdown-exit-zero', '--run', 'manifest/golden', '--no-color', '--report-dir', dir]);
        // A reply over the receive buffer is not read, so nothing is said of what it claims.
        expect(result.stdout).toMatch(/Shutdown's reply could not be read: \d{7} bytes, over the 1048576-byte receive buffer$/m);
        expect(result.stdout).not.toMatch(/Shutdown got a reply/);
        expect(result.stdout).toMatch(/GetManifest failed: unknown method e+… \(163855 bytes in all\)/);
        expect(Math.max(...result.stdout.split('\n').map((l) => l.length))).toBeLessThan(1000);
        // The transcripts quote up to 4 KiB of each packet: 4 MiB and 160 KiB replies made each report over 1.5 MB.
        for (const file of ['results.json', 'summary.md', 'index.html', 'junit.xml']) {
          const text = await readFile(path.join(dir, file), 'utf8');
          expect(text.length, file).toBeLessThan(100_000);
          if (file !== 'summary.md') expect(text, file).toContain('bytes in all)');
        }
      },
      { unsafeCleanup: true },
    );
  });

  test('pipes written to for ever are judged in bounded memory: the harness peaks under 300 MB over the smoke cases', async () => {
    // Each piped reply is read past its limit (a gigabyte) before the case fails; the bytes are hashed as they come, never kept.
    const run = await withPeakRss('node', [CLI, '--impl', HOSTILE, '--impl-arg=--mode', '--impl-arg=endless-pipe', ...SMOKE, '--no-report', '--timeout', '15000'], { NO_COLOR: '1' });
    expect(run.stdout).toMatch(/^FAIL {2}manifest\/golden .*\n {6}the GetManifest pipe carried more than \d+ bytes/m);
    expect(run.exitCode).toBe(1);
    expect(run.peakKiB).toBeGreaterThan(0);
    expect(run.peakKiB, `${run.peakKiB} KiB`).toBeLessThan(300 * 1024);
  });

  test('one that closes its socket and keeps running is said to have done so, not to have been slow', async () => {
    const result = await runCli(['--impl', HOSTILE, '--impl-arg=--mode', '--impl-arg=close-at-start', '--impl-arg=--linger', '--impl-arg=60', '--run', 'manifest/golden/oci', '--no-report']);
    expect(result.stdout).toContain('implementation closed its socket before replying to Initialize, and is still running');
    expect(result.exitCode).toBe(1);
  });

  test('one that takes longer to start than --timeout is not a hang: the wait lasts while its first request lies unread', async () => {
    // It sleeps 2 s before reading; the deadline is 1 s. A hang that is really a slow start would blame it.
    const result = await runCli(['--impl', SLOW_START, '--run', 'manifest/golden/oci', '--timeout', '1000', '--no-report']);
    expect(result.stdout.trim().split('\n').at(-1)).toBe('1 passed, 0 failed');
    expect(result.exitCode).toBe(0);
  });

  test('the small test implementation passes every check when it behaves', async () => {
    const result = await runCli(['--impl', MINI_PROXY, ...SMOKE, ...UNHURRIED]);
    expect(result.stdout.trim().split('\n').at(-1)).toBe(ALL_PASS);
    expect(result.exitCode).toBe(0);
  });

  // Each fault makes its check fail, with a message that names the fault's effect. Faults in a
  // reply's value are caught by the reply invariants in every check that makes the call.
  const EVERYWHERE = 0;
  const FAULTS: Array<[fault: string, checkId: string, status: string, message: RegExp, failing?: number]> = [
    ['version-not-semver', 'lifecycle/initialize-semver', 'FAIL', /the value of Initialize \("0\.2"\) is not what the method table says/, EVERYWHERE],
    ['image-id-zero', 'openimage/positive-id', 'FAIL', /the value of OpenImage \(0\) is not what the method table says: \$ must be >= 1/, EVERYWHERE],
    ['wrong-manifest-byte', 'manifest/golden', 'FAIL', /manifest bytes differ from the fixture at offset 10/],
    ['wrong-manifest-digest', 'manifest/golden', 'FAIL', /GetManifest value is "sha256:0{64}", expected sha256:/],
    ['truncated-blob', 'getblob/layers', 'FAIL', /streamed \d+ bytes, expected \d+/],
    ['finish-pipe-value', 'finishpipe/concurrent-read', 'FAIL', /the value of FinishPipe \("done"\) is not what the method table says/, EVERYWHERE],
    ['shutdown-exit-1', 'lifecycle/shutdown-exit-zero', 'FAIL', /ended with code 1 after Shutdown, expected code 0/],
    ['eof-exit-1', 'lifecycle/eof-exit-zero', 'FAIL', /ended with code 1 after EOF, expected code 0/],
    ['ignore-eof', 'lifecycle/eof-exit-zero', 'HANG', /did not exit within \d+ ms of EOF/],
  ];
  // Each a CLI run of its own that mostly waits: they go a few at once. Several Python proxies starting
  // at once on a loaded machine can take seconds to answer, so the reply deadlines are far above that
  // (no smoke case waits them out); the exit deadline that ignore-eof must meet stays the default.
  test.concurrent.each(FAULTS)('fault %s fails %s', async (fault, checkId, status, message, failing = 1) => {
    const result = await runCli(['--impl', MINI_PROXY, `--impl-arg=--fault`, `--impl-arg=${fault}`, ...SMOKE, '--no-report', '--timeout', '30000', '--hang-timeout', '30000']);
    const failed = [...result.stdout.matchAll(/^(FAIL|HANG|CRASH|ERROR) +(\S+)/gm)].map((m) => [m[1], m[2]]);
    if (failing === EVERYWHERE) expect(failed).toContainEqual([status, checkId]);
    else expect(failed).toEqual([[status, checkId]]);
    expect(result.stdout).toMatch(message);
    if (failing !== EVERYWHERE) expect(result.stdout.trim().split('\n').at(-1)).toMatch(new RegExp(`^${CHECKS.length - 1} passed, 1 failed( \\(1 hung\\))?$`));
    expect(result.exitCode).toBe(1);
  });
});

describe('baseline gating against real skopeo', () => {
  // The FinishPipe argument cases: three recorded crashes (pinned to exit 2 and no reply) and one pass.
  const RUN = ['--run', 'finishpipe/bad-args/**', '--run', 'finishpipe/concurrent-read', '--no-report'];

  async function withBaseline(edit: (cases: Record<string, Record<string, unknown>>) => void, run: (file: string) => Promise<void>) {
    await withDir(
      async ({ path: dir }) => {
        const baseline = JSON.parse(await readFile(BASELINE, 'utf8')) as { $schema: string; cases: Record<string, Record<string, unknown>> };
        edit(baseline.cases);
        baseline.$schema = path.resolve('specs/baseline.schema.json');
        const file = path.join(dir, 'baseline.json');
        await writeFile(file, JSON.stringify(baseline));
        await run(file);
      },
      { unsafeCleanup: true },
    );
  }

  test('recorded crashes are expected: exit 0', async () => {
    const skopeo = requireSkopeo();
    const result = await runCli(['--impl', skopeo, ...RUN, '--baseline', BASELINE]);
    expect(result.stdout).toMatch(/: 3 recorded outcomes matched/);
    expect(result.exitCode).toBe(0);
  });

  test('a recorded outcome that changes is a regression, listed, exit 1', async () => {
    const skopeo = requireSkopeo();
    await withBaseline(
      (cases) => {
        cases['finishpipe/bad-args/no-args'] = { status: 'fail', reason: 'pretend it used to fail cleanly' };
        cases['finishpipe/bad-args/absent']!.messagePattern = 'exited \\(code 3\\)';
      },
      async (file) => {
        const result = await runCli(['--impl', skopeo, ...RUN, '--baseline', file]);
        expect(result.stdout).toMatch(/^REGRESSION {2}finishpipe\/bad-args\/no-args: expected fail, got crash/m);
        expect(result.stdout).toMatch(/^REGRESSION {2}finishpipe\/bad-args\/absent: .*fails differently: message does not match/m);
        expect(result.exitCode).toBe(1);
      },
    );
  });

  test('a record of a case that passes is stale (exit 4); a record of a case the suite lacks is unknown (exit 5)', async () => {
    const skopeo = requireSkopeo();
    await withBaseline(
      (cases) => {
        cases['finishpipe/concurrent-read'] = { status: 'hang', reason: 'pretend it used to hang' };
      },
      async (file) => {
        const result = await runCli(['--impl', skopeo, ...RUN, '--baseline', file]);
        expect(result.stdout).toMatch(/^STALE {7}finishpipe\/concurrent-read: recorded hang, now pass/m);
        expect(result.exitCode).toBe(4);
      },
    );
    await withBaseline(
      (cases) => {
        cases['finishpipe/no-such-case'] = { status: 'fail', reason: 'renamed long ago' };
      },
      async (file) => {
        const result = await runCli(['--impl', skopeo, ...RUN, '--baseline', file]);
        expect(result.stdout).toMatch(/^UNKNOWN {5}finishpipe\/no-such-case/m);
        expect(result.exitCode).toBe(5);
      },
    );
  });

  test('a flaky record is run again alone and never gates, and both outcomes are shown', async () => {
    const skopeo = requireSkopeo();
    await withBaseline(
      (cases) => {
        cases['finishpipe/bad-args/no-args'] = { flaky: true, reason: 'pretend it is timing-dependent' };
      },
      async (file) => {
        const result = await runCli(['--impl', skopeo, ...RUN, '--baseline', file]);
        expect(result.stdout).toMatch(/attempts: crash → crash \(flaky: re-run alone\)/);
        expect(result.stdout).toMatch(/1 flaky \(not gating\)/);
        expect(result.exitCode).toBe(0);
      },
    );
  });
});
