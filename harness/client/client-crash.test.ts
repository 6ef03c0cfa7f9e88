// A crash is told from a report by how the client ended and what its runtime printed: each runtime's
// crash print is recognised and quoted, a message that merely mentions a panic is not a crash, and
// neither is anything from a client that exited 0 or is still running.
import { describe, expect, test } from 'vitest';
import { clientCrash, describeCrash } from './client-crash.js';

const exited = (code: number) => ({ code, signal: null });
const killed = (signal: string) => ({ code: null, signal });

const RUST = [
  "thread 'tokio-runtime-worker' panicked at src/main.rs:41:10:",
  'called `Result::unwrap()` on an `Err` value: Io(Kind(BrokenPipe))',
  'note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace',
  'Error: task 7 panicked',
].join('\n');
const GO = ['panic: runtime error: invalid memory address or nil pointer dereference', '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a1b2c]', '', 'goroutine 1 [running]:', 'main.fetch(...)', '\t/src/main.go:12 +0x1c', 'exit status 2'].join('\n');
const PYTHON = ['Traceback (most recent call last):', '  File "/c/client.py", line 290, in <module>', '    main()', '  File "/c/client.py", line 250, in main', '    raise Failure("FinishPipe failed")', 'RuntimeError: unhandled: FinishPipe failed'].join('\n');
const NODE = ['/c/client.js:12', '    throw new Error(\'proxy went away\');', '    ^', '', 'Error: proxy went away', '    at Socket.<anonymous> (/c/client.js:12:11)', '    at Socket.emit (node:events:519:28)', '', 'Node.js v20.11.1'].join('\n');

describe('clientCrash', () => {
  test.each([
    ['a Rust panic', RUST, "thread 'tokio-runtime-worker' panicked at src/main.rs:41:10:"],
    ['a Go panic', GO, 'panic: runtime error: invalid memory address or nil pointer dereference'],
    ['a Python traceback', PYTHON, 'RuntimeError: unhandled: FinishPipe failed'],
    ['a Node uncaught exception', NODE, 'Error: proxy went away'],
  ])('recognises %s and quotes its line', (kind, stderr, line) => {
    expect(clientCrash(exited(1), stderr)).toEqual({ kind, line });
  });

  test('a Go panic without its goroutine trace is a message, not a crash', () => {
    expect(clientCrash(exited(1), 'error: panic: the proxy crashed, giving up')).toBeNull();
  });

  test('a message that mentions a panic or a traceback is a report', () => {
    expect(clientCrash(exited(1), "fetch failed: the proxy panicked (its stderr: thread 'main' panicked somewhere)")).toBeNull();
    expect(clientCrash(exited(1), 'fetch failed: the proxy printed Traceback (most recent call last): …')).toBeNull();
  });

  test("a Python thread's traceback is not the process crashing; a traceback after it still is", () => {
    const thread = ['Exception in thread Thread-1 (reader):', 'Traceback (most recent call last):', '  File "/c/client.py", line 131, in read_all', '    ready, _, _ = select.select([fd], [], [], DEADLINE)', '                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^', 'OSError: [Errno 9] Bad file descriptor'].join('\n');
    expect(clientCrash(exited(1), `${thread}\nclient: the GetManifest pipe did not reach EOF after FinishPipe`)).toBeNull();
    expect(clientCrash(exited(1), `${thread}\n${PYTHON}`)).toEqual({ kind: 'a Python traceback', line: 'RuntimeError: unhandled: FinishPipe failed' });
  });

  test('death by a signal is a crash with no line to quote', () => {
    expect(clientCrash(killed('SIGABRT'), '')).toEqual({ kind: 'death by SIGABRT', line: null });
    expect(clientCrash(killed('SIGSEGV'), 'fetching layer 2')).toEqual({ kind: 'death by SIGSEGV', line: null });
    expect(clientCrash(killed('SIGIOT'), '')).toEqual({ kind: 'death by SIGABRT', line: null });
  });

  test('a crash print wins over the signal it died by', () => {
    expect(clientCrash(killed('SIGABRT'), GO)?.kind).toBe('a Go panic');
  });

  test('a client that exited 0, or is still running, did not crash whatever it printed', () => {
    expect(clientCrash(exited(0), RUST)).toBeNull();
    expect(clientCrash(null, PYTHON)).toBeNull();
  });

  test('a plain non-zero exit with a message is a report', () => {
    expect(clientCrash(exited(1), 'client: GetBlob failed: blob unknown')).toBeNull();
  });

  test('a very long crash line is cut to 200 characters, with its full length stated', () => {
    const line = `thread 'main' panicked at ${'x'.repeat(400)}`;
    const crash = clientCrash(exited(101), line);
    expect(crash?.line).toBe(`${line.slice(0, 200)}… (${line.length} bytes in all)`);
  });

  test('describeCrash names the kind and quotes the line', () => {
    expect(describeCrash({ kind: 'a Rust panic', line: "thread 'main' panicked at a.rs:1:1:" })).toBe('the client crashed (a Rust panic: "thread \'main\' panicked at a.rs:1:1:")');
    expect(describeCrash({ kind: 'death by SIGABRT', line: null })).toBe('the client crashed (death by SIGABRT)');
  });
});
