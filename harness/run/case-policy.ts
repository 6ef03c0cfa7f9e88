// A case that runs under its own signature policy: whether the launch can take one, and the
// policy file written to the case's own temp dir, removed with the session.
import path from 'node:path';
import { makeOwnedTempDir } from '../files/owned-temp-dir.js';
import { withCasePolicyFlags, type LaunchSpec } from '../launch/implementation.js';
import type { CaseMetadata, CasePolicy } from '../model/case.js';
import { writePolicyDocument } from '../scenarios/policy-file.js';
import type { Bindings } from '../scenarios/templates.js';
import type { Verdict } from '../verdicts/verdict.js';

/** Not applicable when the case needs a policy and the launch cannot be given one. */
export function policyNotApplicable(c: CaseMetadata, spec: LaunchSpec): Verdict | null {
  if (c.policy === undefined || spec.policy?.kind === 'flags') return null;
  const why = spec.policy?.reason ?? 'the harness cannot give this implementation a signature policy';
  return { status: 'not-applicable', reason: `needs its own signature policy: ${why}` };
}

export interface CasePolicyLaunch {
  spec: LaunchSpec;
  /** The file --policy names (it may not exist), or null without a case policy. */
  policyFile: string | null;
  /** Removes the case's temp dir. */
  remove(): Promise<void>;
}

/** The launch spec under the case's policy, with its file written; the run's spec unchanged without one. */
export async function prepareCasePolicy(c: CaseMetadata, spec: LaunchSpec, bindings: Bindings): Promise<CasePolicyLaunch> {
  if (c.policy === undefined) return { spec, policyFile: null, remove: async () => {} };
  const temp = await makeOwnedTempDir('proxy-conformance-case-');
  const dir = temp.path;
  const remove = () => temp.remove();
  try {
    const file = c.policy.missing ? path.join(dir, 'nonexistent', 'policy.json') : path.join(dir, 'policy.json');
    if (!c.policy.missing) await writePolicyDocument(file, c.policy.document ?? {}, bindings);
    return { spec: withCasePolicyFlags(spec, policyFlags(c.policy, file)), policyFile: file, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

function policyFlags(policy: CasePolicy, file: string): string[] {
  return ['--policy', file, ...(policy.insecure ? ['--insecure-policy'] : [])];
}
