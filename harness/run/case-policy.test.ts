// A case's own policy: where its flags go in the launch line, the file it writes (scopes resolved
// against the case's image), and the n/a verdict for a launch that cannot take a policy.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { LaunchSpec } from '../launch/implementation.js';
import { makeLaunchSpec, referenceProxyTarget, type ResolvedTarget } from '../launch/resolve-target.js';
import type { CaseMetadata } from '../model/case.js';
import { scratchDir } from '../test-support/scratch-dir.js';
import { policyNotApplicable, prepareCasePolicy } from './case-policy.js';

const scratch = scratchDir('case-policy');
const base: CaseMetadata = { id: 'policy/x', title: 't', why: 'w', level: 'MUST', since: '0.2.6', reference: 'r', tags: [] };
const image = { location: { path: '/data/layout', parent: '/data' } };
const bindings = new Map<string, unknown>([['image', image]]);

function target(executable: string, args: string[] = []): ResolvedTarget {
  return { executable, impl: executable, args, label: path.basename(executable), found: 'given' };
}

describe('a case launched under its own policy', () => {
  test('skopeo gets the case\'s --policy (and --insecure-policy) in place of the run\'s, before the subcommand', async () => {
    const spec = await makeLaunchSpec(target('/usr/bin/skopeo', ['--override-arch', 'arm64']), scratch);
    const launch = await prepareCasePolicy({ ...base, policy: { document: { default: [{ type: 'reject' }] }, insecure: true } }, spec, bindings);
    try {
      expect(launch.spec.args).toEqual(['--policy', launch.policyFile, '--insecure-policy', '--override-arch', 'arm64', 'experimental-image-proxy']);
      expect(JSON.parse(readFileSync(launch.policyFile as string, 'utf8'))).toEqual({ default: [{ type: 'reject' }] });
    } finally {
      await launch.remove();
    }
    expect(existsSync(path.dirname(launch.policyFile as string))).toBe(false);
  });

  test('the reference proxy gets them after its script path, and scope keys name the case\'s image', async () => {
    const spec = await makeLaunchSpec(referenceProxyTarget(['--fault', 'double-reply']), scratch);
    const document = { default: [{ type: 'insecureAcceptAnything' }], transports: { oci: { '${image.location.parent}': [{ type: 'reject' }] } } };
    const launch = await prepareCasePolicy({ ...base, policy: { document } }, spec, bindings);
    try {
      expect(launch.spec.args.slice(1)).toEqual(['--policy', launch.policyFile, '--fault', 'double-reply']);
      expect(JSON.parse(readFileSync(launch.policyFile as string, 'utf8')).transports.oci).toEqual({ '/data': [{ type: 'reject' }] });
    } finally {
      await launch.remove();
    }
  });

  test('a missing policy names a file that does not exist', async () => {
    const spec = await makeLaunchSpec(target('/usr/bin/skopeo'), scratch);
    const launch = await prepareCasePolicy({ ...base, policy: { missing: true } }, spec, bindings);
    expect(existsSync(launch.policyFile as string)).toBe(false);
    expect(launch.spec.args.slice(0, 2)).toEqual(['--policy', launch.policyFile]);
    await launch.remove();
  });

  test('is not applicable, with the reason, for an implementation the harness cannot give a policy', async () => {
    const other: LaunchSpec = await makeLaunchSpec(target('/opt/my-proxy'), scratch);
    expect(policyNotApplicable({ ...base, policy: { missing: true } }, other)).toMatchObject({ status: 'not-applicable', reason: expect.stringMatching(/^needs its own signature policy: the harness gives a signature policy only to skopeo/) });
    const own = await makeLaunchSpec(target('/usr/bin/skopeo', ['--insecure-policy']), scratch);
    expect(policyNotApplicable({ ...base, policy: { missing: true } }, own)).toMatchObject({ reason: expect.stringContaining('its own --policy or --insecure-policy') });
    expect(policyNotApplicable(base, other)).toBeNull();
  });
});
