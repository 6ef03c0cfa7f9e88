import { expect, test } from 'vitest';
import { MINI_PROXY } from '../test-support/paths.js';
import { Implementation } from './implementation.js';

// Far longer than any test may last: a teardown that waited out either would never finish.
const PATIENT = { exitMs: 3_600_000, termMs: 3_600_000 };

test("after the run's interrupt, teardown sends no Shutdown and SIGTERMs at once a process that would not exit on EOF", async () => {
  const run = new AbortController();
  const impl = Implementation.launch({ executable: MINI_PROXY, args: ['--fault', 'ignore-eof'], socket: { kind: 'stdin' } }, run.signal);
  expect((await impl.client.call('Initialize', [], { timeoutMs: 60_000 })).kind).toBe('reply');
  run.abort();
  // Asked for Shutdown it would exit 0; it ends by SIGTERM, the one way it ends without a Shutdown.
  expect(await impl.teardown(PATIENT, { shutdown: true })).toEqual({ code: null, signal: 'SIGTERM' });
  const events = impl.transcript.events.map((e) => (e.event === 'note' ? e.text : e.event));
  expect(events.slice(-3)).toEqual(['the run was interrupted: no Shutdown, SIGTERM at once', 'no exit after EOF: SIGTERM', 'exit']);
  expect(impl.transcript.events.filter((e) => e.event === 'send')).toHaveLength(1);
});
