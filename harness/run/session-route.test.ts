// Which cases a session host may serve, and what a hosted session keeps of a process: its exit as
// the executable's, its stderr; and what it refuses (a pid, a signal) so that a case routed there by
// mistake cannot pass quietly.
import { afterAll, describe, expect, test } from 'vitest';
import { CHECKS } from '../checks/index.js';
import { DEFAULT_CONFIG } from '../config.js';
import { isHarnessError } from '../errors.js';
import { Implementation, type LaunchSpec } from '../launch/implementation.js';
import { REFERENCE_PROXY_BIN } from '../launch/resolve-impl.js';
import { SessionHosts } from '../launch/session-hosts.js';
import { loadScenarioChecks } from '../scenarios/load.js';
import { isAlive } from '../test-support/processes.js';
import { waitUntil } from '../test-support/wait-until.js';
import { loadSuite } from './suite.js';
import { stepsObserve } from '../scenarios/steps/index.js';
import { processReasons } from './session-route.js';

const referenceProxy = (args: string[] = []): LaunchSpec => ({ executable: process.execPath, args: [REFERENCE_PROXY_BIN, ...args], socket: { kind: 'stdin' } });
const strict = new SessionHosts({ hosts: 1, emulates: [] });
const fuzzing = new SessionHosts({ hosts: 1, emulates: ['exit'] });
afterAll(() => Promise.all([strict.close(), fuzzing.close()]));

describe('the route of a case', () => {
  const suite = loadSuite();
  const routedToProcess = suite.filter((c) => processReasons(c, referenceProxy(), strict).length > 0).map((c) => c.id);

  test('every case that observes the exit, the fd table or a numbered socket fd gets a process of its own', () => {
    expect(routedToProcess).toEqual(expect.arrayContaining(['lifecycle/eof-exit-zero', 'lifecycle/shutdown-exit-zero', 'hygiene/fd-stable-open-close', 'lifecycle/sockfd-mode']));
    for (const c of suite) {
      const observes = c.observes ?? [];
      if (observes.length > 0 || c.socket === 'fd') expect(routedToProcess, c.id).toContain(c.id);
      else expect(routedToProcess, c.id).not.toContain(c.id);
    }
    // The rest, by far the most, need no process.
    expect(suite.length - routedToProcess.length).toBeGreaterThan(150);
  });

  test("a scenario's expectExit and fdCount steps, nested in repeat too, mark it as observing the process", () => {
    expect(stepsObserve([{ call: 'Initialize' }, { repeat: 3, steps: [{ fdCount: 'mark' }] }, { expectExit: { code: 0 } }])).toEqual(['exit', 'fd-table']);
    expect(stepsObserve([{ call: 'Initialize' }, { close: 'socket' }])).toEqual([]);
    for (const c of loadScenarioChecks()) {
      const text = JSON.stringify(c.run.toString()) + JSON.stringify(c);
      if (/"expectExit"|"fdCount"/.test(text)) expect(c.observes, c.id).toBeDefined();
    }
  });

  test('a TypeScript check that reaches for the process declares it', () => {
    for (const check of CHECKS) {
      const reaches = /expectCleanExit|waitForExit|impl\.pid|impl\.kill|countOpenFds|snapshotFds/.test(check.run.toString());
      expect(check.observes !== undefined && check.observes.length > 0, `${check.id} reaches for the process: it must declare observes`).toBe(reaches);
    }
  });

  test('a host that stands in for the exit serves exit cases, never the fd table or a numbered fd', () => {
    const byId = new Map(loadSuite().map((c) => [c.id, c]));
    expect(processReasons(byId.get('lifecycle/eof-exit-zero')!, referenceProxy(), fuzzing)).toEqual([]);
    expect(processReasons(byId.get('hygiene/fd-stable-open-close')!, referenceProxy(), fuzzing)).toEqual(["it observes the process's fd-table"]);
    expect(processReasons(byId.get('lifecycle/sockfd-mode')!, referenceProxy(), fuzzing).length).toBeGreaterThan(0);
  });

  test('only the reference proxy on its stdin, with the harness environment, can be hosted', () => {
    const c = loadSuite()[0]!;
    expect(processReasons(c, referenceProxy(['--fault', 'double-reply']), strict)).toEqual([]);
    expect(processReasons(c, { executable: '/usr/bin/skopeo', args: ['experimental-image-proxy'], socket: { kind: 'stdin' } }, strict).length).toBe(1);
    expect(processReasons(c, { ...referenceProxy(), socket: { kind: 'fd', fd: 3 } }, strict).length).toBe(1);
    expect(processReasons(c, { ...referenceProxy(), env: { A: '1' } }, strict).length).toBe(1);
    expect(processReasons(c, referenceProxy(), undefined)).toEqual(['the run has no session hosts']);
  });
});

describe('a hosted session', () => {
  const signal = new AbortController().signal;
  const host = (args: string[] = []) => Implementation.host(strict, referenceProxy(args), signal);

  test('ends with the exit code the executable would exit with, and keeps its stderr', async () => {
    const clean = await host();
    expect((await clean.client.call('Initialize', [], { timeoutMs: 5000 })).kind).toBe('reply');
    clean.socket.close();
    expect(await clean.waitForExit(5000)).toEqual({ code: 0, signal: null });
    await clean.teardown(DEFAULT_CONFIG.timeouts);

    const exit1 = await host(['--fault', 'shutdown-exit-1']);
    await exit1.client.send(Buffer.from('{"method":"Shutdown","args":[]}'));
    expect(await exit1.waitForExit(5000)).toEqual({ code: 1, signal: null });
    await exit1.teardown(DEFAULT_CONFIG.timeouts);

    const crash = await host(['--fault', 'crash-on-unknown-method']);
    expect((await crash.client.call('Nope', [], { timeoutMs: 5000 })).kind).toBe('eof');
    expect(await crash.waitForExit(5000)).toEqual({ code: 2, signal: null });
    expect(crash.stderrTail()).toMatch(/Nope/);
    await crash.teardown(DEFAULT_CONFIG.timeouts);
    expect(crash.transcript.events.some((e) => e.event === 'exit')).toBe(true);
  });

  test('a command line the executable refuses ends the session as it would end the process: exit 2, the reason on stderr', async () => {
    const refused = await host(['--no-such-flag']);
    expect(await refused.waitForExit(5000)).toEqual({ code: 2, signal: null });
    expect(refused.stderrTail()).toContain('unknown argument "--no-such-flag"');
    await refused.teardown(DEFAULT_CONFIG.timeouts);
  });

  test('a hung session is ended from outside as SIGTERM would end it, and the host serves the next one', async () => {
    const hung = await host(['--fault', 'no-reply-to-blob']);
    await hung.client.call('Initialize', [], { timeoutMs: 5000 });
    const open = await hung.client.call('OpenImage', ['oci:/nonexistent:x'], { timeoutMs: 5000 });
    expect(open.kind).toBe('reply');
    expect((await hung.client.call('GetBlob', [1, 'sha256:' + '0'.repeat(64), 1], { timeoutMs: 300 })).kind).toBe('timeout');
    expect(await hung.teardown({ exitMs: 300, termMs: 2000 })).toEqual({ code: null, signal: 'SIGTERM' });
    expect(hung.transcript.events.some((e) => e.event === 'note' && /SIGTERM/.test(e.text))).toBe(true);

    const next = await host();
    expect((await next.client.call('Initialize', [], { timeoutMs: 5000 })).kind).toBe('reply');
    await next.teardown(DEFAULT_CONFIG.timeouts, { shutdown: true });
    expect(next.exited).toEqual({ code: 0, signal: null });
  });

  test('has no pid and takes no signal: a case that needs either fails as a harness error', async () => {
    const impl = await host();
    expect(() => impl.pid).toThrow(/no process of its own/);
    let error: unknown;
    try {
      impl.kill('SIGTERM');
    } catch (e) {
      error = e;
    }
    expect(isHarnessError(error)).toBe(true);
    await impl.teardown(DEFAULT_CONFIG.timeouts, { shutdown: true });
  });

  test('the hosts are gone once closed', async () => {
    const hosts = new SessionHosts({ hosts: 2, emulates: [] });
    const a = await Implementation.host(hosts, referenceProxy(), signal);
    const b = await Implementation.host(hosts, referenceProxy(), signal);
    const pids = hosts.pids;
    expect(pids).toHaveLength(2);
    await hosts.close();
    // Closing the hosts ends the sessions they still served.
    expect(await a.waitForExit(5000)).not.toBeNull();
    expect(await b.waitForExit(5000)).not.toBeNull();
    await a.teardown(DEFAULT_CONFIG.timeouts);
    await b.teardown(DEFAULT_CONFIG.timeouts);
    for (const pid of pids) await waitUntil(() => !isAlive(pid));
  });
});
