// The reference proxy against each real skopeo release, at the protocol version the release speaks:
// every difference must be the one recorded, with its reason, in specs/fidelity/. The client role
// serves clients with the reference proxy, so its verdicts rest on this. The tests fail, never
// skip, when a build or the registry is missing (CI builds and installs them first).
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { cliRunner } from '../test-support/cli.js';
import { REPO_ROOT } from '../test-support/paths.js';
import { requireTool } from '../test-support/require-tool.js';
import { requireSkopeo } from '../test-support/skopeo.js';
import { requireSkopeoBuild } from '../test-support/skopeo-builds.js';
import { PROCESS_STUCK_MS } from '../test-support/stuck.js';

const runCli = cliRunner(['fidelity']);

const RELEASES = [
  { release: '1.9.3', protocol: '0.2.3', skopeo: () => requireSkopeo() },
  { release: '1.18.0', protocol: '0.2.6', skopeo: () => requireSkopeoBuild('1.18.0').skopeo },
  { release: '1.22.0', protocol: '0.2.8', skopeo: () => requireSkopeoBuild('1.22.0').skopeo },
];

describe.each(RELEASES)('the reference proxy against skopeo $release', ({ release, protocol, skopeo }) => {
  test(`differs over the whole suite only as specs/fidelity/skopeo-${release}.json records (protocol ${protocol})`, async () => {
    const impl = skopeo();
    requireTool('docker-registry', 'apt-get install -y docker-registry');
    const record = path.join(REPO_ROOT, 'specs', 'fidelity', `skopeo-${release}.json`);
    // A reply deadline three times the default: a verdict that differs only because the machine was loaded is no finding.
    const result = await runCli(['--impl', impl, '--baseline', record, '--timeout', '15000', '--no-report', '--jobs', '2']);
    // The figures, for the CI log: alike, differing (recorded), n/a.
    console.log(`fidelity to skopeo ${release}: ${result.stdout.trim().split('\n').at(-1)}`);
    expect(result.stdout).toContain(`protocol version: ${protocol} (skopeo version ${release})`);
    expect(result.stdout).toMatch(/recorded outcomes matched/);
    expect(result.stdout).not.toMatch(/^(REGRESSION|STALE|UNKNOWN) /m);
    expect(result.exitCode, result.stdout.slice(-3000)).toBe(0);
  });
});
