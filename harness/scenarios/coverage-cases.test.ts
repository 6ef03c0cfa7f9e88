// The cases added from skopeo's coverage misses (specs/coverage.md) against the reference proxy:
// they pass when it behaves as skopeo does, each fails under the fault that breaks its rule (and
// only that case of them), and each is not applicable where the protocol lacks the methods it calls.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { cliRunner, UNHURRIED } from '../test-support/cli.js';
import { REPO_ROOT } from '../test-support/paths.js';

const runCli = cliRunner();
const REFERENCE_PROXY = path.join(REPO_ROOT, 'bin', 'reference-proxy.js');

const NO_HOST_PLATFORM = ['manifest/index-no-host-platform', 'config/index-no-host-platform', 'layerinfo/index-no-host-platform'];
const MISSING_CONFIG = ['config/missing-blob', 'manifest/docker-schema2-missing-config'];
const SCHEMA1 = ['manifest/docker-schema1-refused'];
const MISSING_MANIFEST = ['manifest/missing-blob'];
const INDEX_NOT_A_LIST = ['manifest/index-not-a-list'];
const UNKNOWN_TYPE = ['manifest/unknown-media-type'];
const SIGNED_SCHEMA1_BODY = ['manifest/signed-schema1-body'];
const LARGE_CONFIG_CLOSED = ['finishpipe/close-unread/large-config'];
const RAW_PIPES_CLOSED = ['rawblob/close-both-unread'];
const NOT_A_SOCKET = ['lifecycle/sockfd-not-a-socket'];
const OPTIONS_CONFLICT = ['lifecycle/initialize-options-conflict'];
const REPLY_UNREAD = ['lifecycle/close-with-reply-unread'];
const REPLY_UNSENDABLE = ['lifecycle/close-while-finish-pipe-waits'];
const CASES = [
  ...NO_HOST_PLATFORM,
  ...MISSING_CONFIG,
  ...SCHEMA1,
  ...MISSING_MANIFEST,
  ...INDEX_NOT_A_LIST,
  ...UNKNOWN_TYPE,
  ...SIGNED_SCHEMA1_BODY,
  ...LARGE_CONFIG_CLOSED,
  ...RAW_PIPES_CLOSED,
  ...NOT_A_SOCKET,
  ...OPTIONS_CONFLICT,
  ...REPLY_UNREAD,
  ...REPLY_UNSENDABLE,
];

function run(implArgs: string[]) {
  return runCli(['--impl', REFERENCE_PROXY, ...implArgs.map((a) => `--impl-arg=${a}`), ...CASES.flatMap((id) => ['--run', id]), '--no-report', ...UNHURRIED]);
}

/** Each case's verdict word as the console prints it (pass, FAIL, CRASH, n/a). */
function verdicts(stdout: string): Record<string, string> {
  return Object.fromEntries([...stdout.matchAll(/^(pass|FAIL|CRASH|n\/a) +(\S+)/gm)].map((m) => [m[2] as string, m[1] as string]));
}

const SUCCEEDED = /succeeded \(value .*\), expected an error reply/;
const EXITED_0 = /the process ended with code 0, expected code 1/;

describe('the cases added from coverage', () => {
  test('pass against the reference proxy', async () => {
    const result = await run([]);
    expect(verdicts(result.stdout)).toEqual(Object.fromEntries(CASES.map((id) => [id, 'pass'])));
    expect(result.exitCode).toBe(0);
  });

  test.each([
    ['no-platform-uses-first', NO_HOST_PLATFORM, 'FAIL', SUCCEEDED],
    ['missing-config-empty', MISSING_CONFIG, 'FAIL', SUCCEEDED],
    ['schema1-served', SCHEMA1, 'FAIL', SUCCEEDED],
    ['open-reads-manifest', MISSING_MANIFEST, 'FAIL', /OpenImage failed: open .*: no such file or directory/],
    ['index-manifests-type-unchecked', INDEX_NOT_A_LIST, 'CRASH', /exited \(code 2\) before replying to GetManifest/],
    ['unknown-manifest-type-served', UNKNOWN_TYPE, 'FAIL', SUCCEEDED],
    ['jws-not-stripped', SIGNED_SCHEMA1_BODY, 'FAIL', SUCCEEDED],
    ['epipe-reported-as-other', LARGE_CONFIG_CLOSED, 'FAIL', /FinishPipe error_code is "other", expected "EPIPE"/],
    // The writer meets the closed error pipe while the requests after the data pipe's close run: the crash comes at one
    // of them (CRASH), or, on a loaded machine, only at Shutdown, whose exit code then fails the case.
    ['raw-blob-error-write-crashes', RAW_PIPES_CLOSED, /^(CRASH|FAIL)$/, /exited \(code 2\) before replying to (GetManifest|FinishPipe)|the process ended with code 2, expected code 0/],
    ['not-a-socket-exit-0', NOT_A_SOCKET, 'FAIL', EXITED_0],
    ['image-options-unchecked', OPTIONS_CONFLICT, 'FAIL', /Initialize succeeded \(value "0\.2\.8"\), expected an error reply/],
    ['read-error-exit-0', REPLY_UNREAD, 'FAIL', EXITED_0],
    ['send-error-exit-0', REPLY_UNSENDABLE, 'FAIL', EXITED_0],
  ] as const)('fault %s fails %j and no other', async (fault, failing, word, message) => {
    const result = await run(['--fault', fault]);
    expect(verdicts(result.stdout)).toEqual(Object.fromEntries(CASES.map((id) => [id, (failing as readonly string[]).includes(id) ? (typeof word === 'string' ? word : expect.stringMatching(word)) : 'pass'])));
    expect(result.stdout).toMatch(message);
    expect(result.exitCode).toBe(1);
  });

  test('are not applicable where the protocol lacks their methods (0.2.2: no GetFullConfig, no layer info, no GetRawBlob)', async () => {
    const result = await run(['--protocol-version', '0.2.2']);
    const missing = ['config/index-no-host-platform', 'config/missing-blob', 'layerinfo/index-no-host-platform', ...LARGE_CONFIG_CLOSED, ...RAW_PIPES_CLOSED];
    expect(verdicts(result.stdout)).toEqual(Object.fromEntries(CASES.map((id) => [id, missing.includes(id) ? 'n/a' : 'pass'])));
    expect(result.exitCode).toBe(0);
  });
});
