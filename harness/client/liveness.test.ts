// A client still running at its deadline is hung only when nothing moved: one that keeps asking its
// proxy is judged at its allowance with what it did, one that went quiet hangs with "nothing moved".
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../test-support/paths.js';
import { DEFAULT_CLIENT_PROFILE } from '../config.js';
import { verdictForClientDeadline } from './stand-in/pending.js';
import { runClient } from './stand-in/run-client.js';

const BUSY_CLIENT = path.join(REPO_ROOT, 'harness/test-support/clients/misbehaving/busy-client.py');

function runBusyClient(args: string[], deadlineMs: number, allowanceMs: number) {
  return runClient({
    command: { executable: BUSY_CLIENT, args },
    caseId: 'test/liveness',
    image: 'oci:/nonexistent',
    missingImage: 'oci:/nonexistent:nosuchtag',
    profile: DEFAULT_CLIENT_PROFILE,
    deadlineMs,
    allowanceMs,
    teardown: { exitMs: 1000, termMs: 500 },
    signal: new AbortController().signal,
  });
}

describe('a client still running at its deadline', () => {
  test('that keeps sending requests fails at its allowance, naming the requests it sent', async () => {
    // Generous: a request every 20 ms never leaves 10 s without one, even beside other work.
    const observation = await runBusyClient(['--every-ms', '20'], 10_000, 20_000);
    expect(observation.exit).toBeNull();
    expect(observation.deadlineEnd?.kind).toBe('progressing');
    expect(verdictForClientDeadline(observation)).toEqual({
      status: 'fail',
      message: expect.stringMatching(/^the client was still running at the 20000 ms allowance, though it was still progressing: \d+ requests; the last movement was \d+ ms before the end, and it was waiting on .+$/),
    });
  });

  test('that went quiet after one request hangs: nothing moved for its deadline', async () => {
    const observation = await runBusyClient(['--stop-after', '1'], 10_000, 20_000);
    expect(observation.deadlineEnd?.kind).toBe('stalled');
    expect(verdictForClientDeadline(observation)).toMatchObject({
      status: 'hang',
      message: expect.stringMatching(/^the client was still running when nothing had moved for 10000 ms( \(before that, in \d+ ms: 1 request\))?, waiting on nothing from the proxy: every request was answered/),
    });
  });

  test('that was busy starting for longer than its deadline is not hung for it: only silence after its start counts', async () => {
    // It spins for 3 s before it starts its proxy, three deadlines: a loaded machine's slow interpreter.
    const observation = await runBusyClient(['--start-busy-ms', '3000', '--stop-after', '1'], 1000, 20_000);
    expect(observation.deadlineEnd?.kind).toBe('stalled');
    expect(verdictForClientDeadline(observation)).toMatchObject({
      status: 'hang',
      message: expect.stringMatching(/^the client was still running when nothing had moved for 1000 ms \(before that, in \d+ ms: 1 request\), waiting on nothing from the proxy: every request was answered/),
    });
  });

  test('that sleeps without ever starting its proxy hangs: a process asleep is not at work', async () => {
    const observation = await runClient({
      command: { executable: 'sleep', args: ['1000'] },
      caseId: 'test/liveness',
      image: 'oci:/nonexistent',
      missingImage: 'oci:/nonexistent:nosuchtag',
      profile: DEFAULT_CLIENT_PROFILE,
      deadlineMs: 1000,
      allowanceMs: 20_000,
      teardown: { exitMs: 1000, termMs: 500 },
      signal: new AbortController().signal,
    });
    expect(observation.deadlineEnd).toMatchObject({ kind: 'stalled', idleMs: 1000 });
    expect(verdictForClientDeadline(observation)?.message).toMatch(/^the client was still running when nothing had moved for 1000 ms, waiting on nothing from the proxy: it never started one$/);
  });
});
