// The cases added from skopeo's coverage misses (specs/coverage.md) against the reference proxy:
// they pass when it behaves as skopeo does, each fails under the fault that breaks its rule, and
// each is not applicable where the protocol lacks the methods it calls.
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
const CASES = [...NO_HOST_PLATFORM, ...MISSING_CONFIG, ...SCHEMA1, ...MISSING_MANIFEST];

function run(implArgs: string[]) {
  return runCli(['--impl', REFERENCE_PROXY, ...implArgs.map((a) => `--impl-arg=${a}`), ...CASES.flatMap((id) => ['--run', id]), '--no-report', ...UNHURRIED]);
}

/** Each case's verdict word as the console prints it (pass, FAIL, n/a). */
function verdicts(stdout: string): Record<string, string> {
  return Object.fromEntries([...stdout.matchAll(/^(pass|FAIL|n\/a) +(\S+)/gm)].map((m) => [m[2] as string, m[1] as string]));
}

describe('the cases added from coverage', () => {
  test('pass against the reference proxy', async () => {
    const result = await run([]);
    expect(verdicts(result.stdout)).toEqual(Object.fromEntries(CASES.map((id) => [id, 'pass'])));
    expect(result.exitCode).toBe(0);
  });

  test.each([
    ['no-platform-uses-first', NO_HOST_PLATFORM],
    ['missing-config-empty', MISSING_CONFIG],
    ['schema1-served', SCHEMA1],
    ['open-reads-manifest', MISSING_MANIFEST],
  ])('fault %s fails %j and no other', async (fault, failing) => {
    const result = await run(['--fault', fault]);
    expect(verdicts(result.stdout)).toEqual(Object.fromEntries(CASES.map((id) => [id, failing.includes(id) ? 'FAIL' : 'pass'])));
    expect(result.stdout).toMatch(/succeeded \(value .*\), expected an error reply|OpenImage failed: open .*: no such file or directory/);
    expect(result.exitCode).toBe(1);
  });

  test('are not applicable where the protocol lacks their methods (0.2.2: no GetFullConfig, no layer info)', async () => {
    const result = await run(['--protocol-version', '0.2.2']);
    expect(verdicts(result.stdout)).toEqual({
      'manifest/index-no-host-platform': 'pass',
      'manifest/docker-schema2-missing-config': 'pass',
      'manifest/docker-schema1-refused': 'pass',
      'manifest/missing-blob': 'pass',
      'config/index-no-host-platform': 'n/a',
      'config/missing-blob': 'n/a',
      'layerinfo/index-no-host-platform': 'n/a',
    });
    expect(result.exitCode).toBe(0);
  });
});
