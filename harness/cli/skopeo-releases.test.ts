// Today's skopeo releases, built from Debian's source packages (.ci/build-skopeo), against the
// baselines recorded for them: the ground truth the cases and the reference proxy are calibrated
// on. The tests fail, never skip, when a build is missing (CI builds them first).
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { cliRunner } from '../test-support/cli.js';
import { REPO_ROOT } from '../test-support/paths.js';
import { requireTool } from '../test-support/require-tool.js';
import { requireSkopeoBuild } from '../test-support/skopeo-builds.js';
import { PROCESS_STUCK_MS } from '../test-support/stuck.js';

const runCli = cliRunner();

const RELEASES = [
  { release: '1.18.0', protocol: '0.2.6' },
  { release: '1.22.0', protocol: '0.2.8' },
];

describe.each(RELEASES)('skopeo $release built from Debian\'s source', ({ release, protocol }) => {
  test(`the whole suite, registry included, matches its recorded baseline (protocol ${protocol})`, async () => {
    const { skopeo } = requireSkopeoBuild(release);
    requireTool('docker-registry', 'apt-get install -y docker-registry');
    const baseline = path.join(REPO_ROOT, 'specs', 'expected', `skopeo-${release}.json`);
    const result = await runCli(['--impl', skopeo, '--baseline', baseline, '--no-report', '--jobs', '2']);
    expect(result.stdout).toContain(`protocol version: ${protocol}`);
    expect(result.stdout).toMatch(new RegExp(`^baseline skopeo ${release.replace(/\./g, '\\.')} .*recorded outcomes matched`, 'm'));
    expect(result.stdout).not.toMatch(/^(REGRESSION|STALE|UNKNOWN) /m);
    expect(result.exitCode, result.stdout.slice(-3000)).toBe(0);
  });
});
