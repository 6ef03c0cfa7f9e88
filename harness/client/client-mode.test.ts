// The client mode judged against its own controls: the reference client passes every client case,
// and each of its --break deviations is caught by the client case named for it.
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { CLI } from '../test-support/paths.js';
import { cliRunner } from '../test-support/cli.js';
import { REPO_ROOT } from '../test-support/paths.js';
import { scratchDir } from '../test-support/scratch-dir.js';
import { CLIENT_CASES } from './cases/index.js';
import { processesRunning } from '../test-support/processes.js';
import { waitUntil } from '../test-support/wait-until.js';
import { withSharedFixtures } from '../test-support/run-temp-dir.js';
import { PROCESS_STUCK_MS } from '../test-support/stuck.js';

const cli = cliRunner(['client']);
const REFERENCE_CLIENT = path.join(REPO_ROOT, 'harness/test-support/clients/reference-client.py');
// The harness's deadline per case; the reference client keeps a fifth of it on each of its own waits
// (PC_CLIENT_TIMEOUT). Both far above a loaded machine's slowness: a client that does its work never
// waits them out, so only the cases where a wait is the point (the liveness cases) pay for them.
const RUN = ['--no-report', '--no-color', '--client-timeout', '30000'];
/** For clients with no deadline of their own: every case waits on the harness's, and hangs whatever its length. */
const RUN_NO_DEADLINE = ['--no-report', '--no-color', '--client-timeout', '10000'];

/** Each broken reference client, the case that must catch it, and what that case says. */
type Shown = 'FAIL' | 'HANG' | 'CRASH';
const BROKEN: Array<[breakName: string, caseId: string, status: Shown, message: RegExp]> = [
  ['no-finish-pipe', 'client/protocol/finish-pipe-once-per-pipe', 'FAIL', /got no FinishPipe, not exactly one/],
  ['finish-before-read', 'client/protocol/reads-payload-during-finish-pipe', 'HANG', /deadlock: FinishPipe\(\d+\) was sent before the GetBlob payload was drained/],
  ['ignores-digest', 'client/integrity/manifest-byte-changed', 'FAIL', /exited 0 although one byte of the manifest was changed/],
  ['ignores-size', 'client/integrity/manifest-layer-size-wrong', 'FAIL', /exited 0 although the manifest declares a layer size/],
  ['keeps-pipe-fds', 'client/fds/pipe-read-ends-released', 'FAIL', /still held the read end of the GetManifest pipe \d+ \(its fd \d+\)/],
  ['keeps-proxy-socket', 'client/fds/proxy-socket-end-closed', 'FAIL', /kept its copy of the proxy's end of the socketpair/],
  ['raw-blob-on-old', 'client/protocol/only-offered-methods-0.2.3', 'FAIL', /GetRawBlob was called against a proxy speaking 0\.2\.3/],
  ['finish-raw-blob', 'client/protocol/no-finish-pipe-for-raw-blob', 'FAIL', /FinishPipe was sent with pipeid 0, after GetRawBlob/],
  ['two-in-flight', 'client/protocol/one-request-in-flight', 'FAIL', /Initialize was sent while CloseImage still waited for its reply/],
  ['no-shutdown', 'client/protocol/ends-session-and-waits', 'FAIL', /without Shutdown, and the client exited without waiting for its proxy/],
  ['ignores-raw-error-pipe', 'client/errors/raw-blob-error-after-data', 'FAIL', /exited 0 although the GetRawBlob error pipe reported a read error/],
  ['no-deadline', 'client/liveness/stall-mid-blob', 'HANG', /still running when nothing had moved for 10000 ms( \(before that, [^)]*\))?, waiting on the reply to FinishPipe/],
  ['no-message', 'client/errors/missing-image', 'FAIL', /exited 1 without a message on stderr \(the proxy: OpenImage failed/],
  ['no-message', 'client/fetch/docker-schema2-converted', 'FAIL', /exited 1 without a message on stderr/],
  ['no-verification', 'client/integrity/blob-truncated', 'FAIL', /exited 0 although GetBlob streamed one byte less and FinishPipe succeeded/],
  ['no-verification', 'client/integrity/blob-over-long', 'FAIL', /exited 0 although GetBlob streamed one byte more and FinishPipe succeeded/],
  ['swallows-errors', 'client/errors/retryable-fetches-or-fails', 'FAIL', /exited 0 but wrote no PC_OUT\/config/],
  ['swallows-errors', 'client/liveness/proxy-crashes', 'FAIL', /exited 0 although the proxy crashed/],
  ['swallows-errors', 'client/errors/missing-blob', 'FAIL', /exited 0 although a layer blob is missing/],
  ['swallows-errors', 'client/errors/missing-blob-get-blob', 'FAIL', /exited 0 although a layer blob is missing/],
  ['swallows-errors', 'client/errors/blob-corrupted-finish-pipe-fails', 'FAIL', /exited 0 although FinishPipe reported "corrupted blob"/],
  ['swallows-errors', 'client/errors/finish-pipe-epipe', 'FAIL', /exited 0 although FinishPipe replied EPIPE/],
  ['oversized-request', 'client/protocol/requests-within-32k', 'FAIL', /an OpenImage request of \d+ bytes \([\d.]+ KiB\) exceeds the proxy's 32768-byte receive buffer/],
  ['wrong-image-id', 'client/protocol/ids-sent-back-as-given', 'FAIL', /CloseImage named image \d+, which no OpenImage returned/],
  ['raw-blob-on-old+swallows-errors', 'client/versions/oldest-proxy-fetches-or-says-why', 'FAIL', /exited 0 but wrote 2 of 2 layers nowhere/],
  // The cases each of the above also catches, one control each, so that no client case goes unproved.
  ['finish-before-read', 'client/fetch/protocol-0.2.3', 'FAIL', /the client exited \d+ against a proxy that did nothing wrong: "reference-client: no reply to FinishPipe within /],
  ['finish-before-read', 'client/fetch/protocol-0.2.5', 'FAIL', /the client exited \d+ against a proxy that did nothing wrong: "reference-client: no reply to FinishPipe within /],
  ['finish-before-read', 'client/fetch/protocol-0.2.6', 'FAIL', /the client exited \d+ against a proxy that did nothing wrong: "reference-client: no reply to FinishPipe within /],
  ['finish-before-read', 'client/fetch/protocol-0.2.7', 'FAIL', /the client exited \d+ against a proxy that did nothing wrong: "reference-client: no reply to FinishPipe within /],
  ['finish-raw-blob', 'client/fetch/protocol-0.2.8', 'FAIL', /the client exited \d+ against a proxy that did nothing wrong: "reference-client: FinishPipe /],
  ['finish-raw-blob', 'client/fetch/big-layer', 'FAIL', /the client exited \d+ against a proxy that did nothing wrong: "reference-client: FinishPipe /],
  ['finish-raw-blob', 'client/fetch/many-layers', 'FAIL', /the client exited \d+ against a proxy that did nothing wrong: "reference-client: FinishPipe /],
  ['finish-raw-blob', 'client/fetch/index', 'FAIL', /the client exited \d+ against a proxy that did nothing wrong: "reference-client: FinishPipe /],
  ['no-finish-pipe', 'client/fetch/layer-info-over-32k-inline', 'FAIL', /the client exited \d+ against a proxy that did nothing wrong: "reference-client: no data on /],
  ['finish-before-read', 'client/fetch/get-blob-size-unknown', 'FAIL', /the client exited \d+ against a proxy speaking 0\.2\.7 with fault get-blob-value-unknown \(.*\): "reference-client: no reply to FinishPipe within /],
  ['ignores-digest', 'client/integrity/manifest-digest-wrong', 'FAIL', /the client exited \d+ although GetManifest replied a digest the manifest does not have/],
  ['ignores-digest', 'client/integrity/blob-corrupted', 'FAIL', /the client exited \d+ although a blob did not match its digest and FinishPipe succeeded/],
  ['ignores-digest', 'client/integrity/raw-blob-corrupted', 'FAIL', /the client exited \d+ although GetRawBlob streamed bytes that do not match the digest/],
  ['ignores-size', 'client/integrity/layer-info-size-wrong', 'FAIL', /the client exited \d+ although the layer info disagreed with the manifest/],
  ['no-deadline', 'client/liveness/write-end-never-closed', 'HANG', /the client was still running when nothing had moved for \d+ ms( \(before that, [^)]*\))?, waiting on EOF on the GetManifest payload pip/],
  ['no-deadline', 'client/liveness/no-reply', 'HANG', /the client was still running when nothing had moved for \d+ ms( \(before that, [^)]*\))?, waiting on the reply to GetBlob/],
  ['finish-raw-blob', 'client/errors/retryable-is-retried', 'FAIL', /the client exited \d+ against a proxy speaking 0\.2\.8 with fault blob-retryable-once \([^)]+\): "reference-client: FinishPipe /],
  ['two-in-flight', 'client/protocol/initialize-first-and-once', 'FAIL', /Initialize was sent again as request \d+/],
  ['raw-blob-on-old', 'client/protocol/only-offered-methods-0.2.5', 'FAIL', /GetRawBlob was called against a proxy speaking \d+\.\d+\.\d+, which does not offer it/],
  ['raw-blob-on-old', 'client/protocol/only-offered-methods-0.2.7', 'FAIL', /GetRawBlob was called against a proxy speaking \d+\.\d+\.\d+, which does not offer it/],
  ['finish-raw-blob', 'client/protocol/closes-every-image', 'FAIL', /image \d+ was opened and never closed with CloseImage/],
  ['keeps-pipe-fds', 'client/fds/pipe-read-ends-released-get-blob', 'FAIL', /the client still held the read end of the GetManifest pipe \d+/],
  // A client that crashes where it should report: a crash, never "detected and reported", quoting the crash.
  ['traceback-on-error', 'client/liveness/proxy-crashes', 'CRASH', /the client crashed \(a Python traceback: "RuntimeError: unhandled: the proxy closed the connection before replying to Get.*"\) instead of reporting what happened/],
  ['traceback-on-error', 'client/errors/missing-image', 'CRASH', /the client crashed \(a Python traceback: "RuntimeError: unhandled: OpenImage failed: .*"\) instead of reporting what happened/],
  ['aborts-on-error', 'client/liveness/proxy-crashes', 'CRASH', /the client crashed \(death by SIGABRT\) instead of reporting what happened/],
  ['aborts-on-error', 'client/errors/missing-blob', 'CRASH', /the client crashed \(death by SIGABRT\)/],
  // Through the run's registry and a faulty upstream.
  ['finish-raw-blob', 'client/registry/fetch', 'FAIL', /the client exited \d+ against a proxy that did nothing wrong: "reference-client: FinishPipe /],
  ['no-message', 'client/registry/fetch-manifest-list', 'FAIL', /exited 1 without a message on stderr/],
  ['swallows-errors', 'client/registry/blob-503-once', 'FAIL', /exited 0 but wrote 1 of 1 layers nowhere .*\(the registry answered the layer with 503 once\)/],
  ['swallows-errors', 'client/registry/stalled-layer', 'FAIL', /exited 0 but wrote 1 of 1 layers nowhere .*\(the registry stalled mid-layer/],
  ['swallows-errors', 'client/registry/corrupt-layer', 'FAIL', /exited 0 although the layer from the registry had one byte changed/],
];

/** BROKEN grouped by broken client: [break, its case ids (for the title), [case, status, message][]]. */
function brokenRuns(): Array<[string, string, Array<[string, Shown, RegExp]>]> {
  const byBreak = new Map<string, Array<[string, Shown, RegExp]>>();
  for (const [breakName, caseId, status, message] of BROKEN) byBreak.set(breakName, [...(byBreak.get(breakName) ?? []), [caseId, status, message]]);
  return [...byBreak].map(([breakName, expected]) => [breakName, expected.map(([caseId]) => caseId).join(', '), expected]);
}

/** A case's report in a run's output: its status line and the indented lines under it ('' if absent). */
function caseReport(stdout: string, caseId: string): string {
  const lines = stdout.split('\n');
  const at = lines.findIndex((line) => new RegExp(`^(?:[A-Z-]+|n/a |pass) {2}${caseId.replaceAll('.', '\\.')} `).test(line));
  if (at < 0) return '';
  const end = lines.findIndex((line, i) => i > at && !line.startsWith('      '));
  return lines.slice(at, end < 0 ? undefined : end).join('\n');
}

const scratch = scratchDir('client-mode');
const MISBEHAVING = path.join(REPO_ROOT, 'harness/test-support/clients/misbehaving');


// The whole client suite alone first: every case must pass, so none may be slowed by the others.
describe('client mode, the reference client', () => {
  test(`passes all ${CLIENT_CASES.length} client cases`, async () => {
    const result = await cli([...RUN, '--', 'python3', REFERENCE_CLIENT]);
    expect(result.stdout).toContain(`${CLIENT_CASES.length} passed, 0 failed`);
    expect(result.exitCode).toBe(0);
  });
});

// Every other test runs its own CLI process and waits on it mostly (on the client, on deadlines):
// they go a few at once (vitest's maxConcurrency).
describe.concurrent('client mode', () => {
  test('every client case has a broken reference client it catches (no check that cannot fail)', () => {
    const caught = new Set(BROKEN.map(([, caseId]) => caseId));
    expect(CLIENT_CASES.map((c) => c.id).filter((id) => !caught.has(id))).toEqual([]);
  });

  test('a client\'s --policy and --insecure-policy reach the served session, as they would reach skopeo', async () => {
    const reject = path.join(scratch, 'reject.json');
    writeFileSync(reject, JSON.stringify({ default: [{ type: 'reject' }] }));
    const run = ['--run', 'client/fetch/protocol-0.2.8', '--', 'python3', REFERENCE_CLIENT, '--proxy-flag', '--policy', '--proxy-flag', reject];
    const rejected = await cli([...RUN, ...run]);
    expect(rejected.stdout).toMatch(/rejected by policy/);
    expect(rejected.exitCode).toBe(1);
    const insecure = await cli([...RUN, ...run, '--proxy-flag', '--insecure-policy']);
    expect(insecure.stdout).toContain('1 passed, 0 failed');
    expect(insecure.exitCode).toBe(0);
  });

  // One run per broken client over every case that must catch it, each case's report read on its own.
  test.each(brokenRuns())('the reference client with --break %s is caught by %s', async (breakName, _ids, expected) => {
    const result = await cli([...(breakName === 'no-deadline' ? RUN_NO_DEADLINE : RUN), ...expected.flatMap(([caseId]) => ['--run', caseId]), '--', 'python3', REFERENCE_CLIENT, '--break', breakName]);
    for (const [caseId, status, message] of expected) {
      const report = caseReport(result.stdout, caseId);
      expect(report, caseId).toMatch(new RegExp(`^${status}  ${caseId.replaceAll('.', '\\.')} `));
      expect(report, caseId).toMatch(message);
    }
    expect(result.exitCode).toBe(1);
  });

  test('a client command that does not exist is one sentence and exit 2', async () => {
    const result = await cli(['--', './no-such-client']);
    expect(result.stderr.trim()).toBe('client: ./no-such-client: no such file');
    expect(result.exitCode).toBe(2);
  });

  test('a client that spawns the proxy twice is served twice and judged on both sessions', async () => {
    const result = await cli([...RUN, '--run', 'client/fetch/protocol-0.2.8', '--run', 'client/protocol/ends-session-and-waits', '--', path.join(MISBEHAVING, 'spawns-twice.sh')]);
    expect(result.stdout).toContain('2 passed, 0 failed');
    expect(result.exitCode).toBe(0);
  });

  // The deadline counts only time in which nothing moved, so a slow fetch before the client's endless sleep is not cut.
  test('a client that never exits is a hang once nothing moved for its deadline, that says its session had ended, and it is reaped', async () => {
    const result = await cli(['--no-report', '--no-color', '--client-timeout', '10000', '--run', 'client/fetch/protocol-0.2.8', '--', path.join(MISBEHAVING, 'never-exits.sh')]);
    expect(result.stdout).toMatch(/^HANG  client\/fetch\/protocol-0\.2\.8 .*\n +the client was still running when nothing had moved for 10000 ms( \(before that, [^)]*\))?, waiting on nothing from the proxy: its session had ended/m);
    expect(result.exitCode).toBe(1);
    expect(await processesRunning(`${MISBEHAVING}/never-exits.sh`)).toBe('');
  });

  test('a client that exits leaving a child behind is judged on its exit, and the child is reaped with its group', async () => {
    const marker = `left-child-${process.pid}`;
    const result = await cli([...RUN, '--run', 'client/fetch/protocol-0.2.8', '--', path.join(MISBEHAVING, 'leaves-children.sh'), marker]);
    expect(result.stdout).toContain('1 passed, 0 failed');
    expect(result.exitCode).toBe(0);
    expect(await processesRunning(marker)).toBe('');
  });

  test('Ctrl-C stops a client run: exit 130, the case in flight interrupted, the client reaped, no temp dir left', async () => {
    const tmp = scratchDir('client-interrupt');
    const child = execa('node', [CLI, 'client', ...RUN, '--jobs', '1', '--run', 'client/liveness/stall-mid-blob', '--', 'python3', REFERENCE_CLIENT, '--break', 'no-deadline', '--proxy-flag', `--user-agent-prefix=interrupt-${process.pid}`], { reject: false, timeout: PROCESS_STUCK_MS, env: { TMPDIR: await withSharedFixtures(tmp), NO_COLOR: '1' } });
    // The client itself (not the harness, whose argv names it too): the case is then surely in flight,
    // and stays so until the interrupt (the client has no deadline, the harness's is 30 s).
    const client = `^[^ ]*python3[^ ]* [^ ]*reference-client.py --break no-deadline --proxy-flag --user-agent-prefix=interrupt-${process.pid}`;
    await waitUntil(async () => (await processesRunning(client)) !== '' || child.exitCode !== null);
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(result.stdout.trim().split('\n').at(-1)).toBe('interrupted: 0 passed, 0 failed, 1 interrupted, 0 did not run');
    expect(await processesRunning(client)).toBe('');
    expect(readdirSync(tmp).filter((name) => name.startsWith('pc-client-'))).toEqual([]);
  });

  // A client that does nothing gets no pass: the fetch cases fail (it fetched nothing), the others are n/a saying why.
  test('a client that never starts the proxy fails the fetch cases and is n/a elsewhere, each saying so', async () => {
    const result = await cli([...RUN, '--run', 'client/fetch/**', '--run', 'client/versions/**', '--run', 'client/protocol/initialize-first-and-once', '--run', 'client/integrity/raw-blob-corrupted', '--', 'true']);
    expect(caseReport(result.stdout, 'client/fetch/docker-schema2-converted')).toMatch(/^FAIL .*\n +the client exited 0 but fetched nothing: it never started the proxy, and it wrote nothing to PC_OUT/);
    expect(caseReport(result.stdout, 'client/versions/oldest-proxy-fetches-or-says-why')).toMatch(/^FAIL .*\n +the client exited 0 but fetched nothing/);
    expect(caseReport(result.stdout, 'client/protocol/initialize-first-and-once')).toMatch(/^n\/a .*\n +the client never started the proxy/);
    expect(caseReport(result.stdout, 'client/integrity/raw-blob-corrupted')).toMatch(/^n\/a .*\n +the client never called GetRawBlob, so the fault never reached it/);
    expect(result.stdout.trim().split('\n').at(-1)).toBe('0 passed, 12 failed, 2 not applicable');
    expect(result.exitCode).toBe(1);
  });

  // A client that never calls GetLayerInfo or GetRawBlob is not passed on them, nor failed: n/a, saying what it never called.
  test('a GetBlob-only client passes the fetch cases and is n/a on the GetRawBlob and layer-info faults', async () => {
    const result = await cli([...RUN, '--run', 'client/fetch/layer-info-over-32k-inline', '--run', 'client/integrity/raw-blob-corrupted', '--run', 'client/integrity/layer-info-size-wrong', '--run', 'client/fetch/protocol-0.2.8', '--', 'python3', REFERENCE_CLIENT, '--get-blob-only']);
    expect(caseReport(result.stdout, 'client/fetch/layer-info-over-32k-inline')).toMatch(/^n\/a .*\n +the client never called GetLayerInfo/);
    expect(caseReport(result.stdout, 'client/integrity/raw-blob-corrupted')).toMatch(/^n\/a .*\n +the client never called GetRawBlob, so the fault never reached it/);
    expect(caseReport(result.stdout, 'client/integrity/layer-info-size-wrong')).toMatch(/^n\/a .*\n +the client never called GetLayerInfo or GetLayerInfoPiped/);
    expect(caseReport(result.stdout, 'client/fetch/protocol-0.2.8')).toMatch(/^pass /);
    expect(result.exitCode).toBe(0);
  });

  // No request is lost on its way to the proxy, whatever its size: the relay passes on 64 KiB of it and the verdict names its real size.
  test.each([150 * 1024, 1024 * 1024])('a request of %i bytes is a verdict naming its size, not a hang', async (bytes) => {
    const result = await cli([...RUN, '--run', 'client/protocol/requests-within-32k', '--', 'python3', REFERENCE_CLIENT, '--break', 'oversized-request', '--oversize', String(bytes)]);
    const report = caseReport(result.stdout, 'client/protocol/requests-within-32k');
    expect(report).toMatch(/^FAIL /);
    const size = Number(/an OpenImage request of (\d+) bytes \([\d.]+ KiB\) exceeds the proxy's 32768-byte receive buffer/.exec(report)?.[1]);
    expect(size).toBeGreaterThan(bytes);
    expect(size).toBeLessThan(bytes + 1024);
    expect(result.exitCode).toBe(1);
  });
});
