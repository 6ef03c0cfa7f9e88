// skopeo needs its subcommand and a signature policy; global flags (like --policy or
// --override-arch) must come before the subcommand. The reference proxy takes the same policy flags.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PolicyRoute } from './implementation.js';

/** A permissive policy: the harness checks the protocol, not signature verification. */
const PERMISSIVE_POLICY = { default: [{ type: 'insecureAcceptAnything' }] };

export function isSkopeo(executable: string): boolean {
  return /^skopeo([-_.].*)?$/.test(path.basename(executable));
}

/** Writes the permissive policy into `dir` and returns its path. */
export async function writePermissivePolicy(dir: string): Promise<string> {
  const file = path.join(dir, 'policy.json');
  await writeFile(file, JSON.stringify(PERMISSIVE_POLICY));
  return file;
}

/** True when the user's own arguments already say which policy to use. */
export function givesOwnPolicy(implArgs: readonly string[]): boolean {
  return implArgs.some((a) => a === '--insecure-policy' || a.startsWith('--insecure-policy=') || a === '--policy' || a.startsWith('--policy='));
}

/**
 * The policy flags in front of the user's arguments, and how a case replaces them: the user's own
 * --policy or --insecure-policy wins over ours, and then over a case's too.
 */
export function withPolicyFlags(policyFile: string, implArgs: readonly string[]): { args: string[]; policy: PolicyRoute } {
  if (givesOwnPolicy(implArgs)) return { args: [...implArgs], policy: { kind: 'none', reason: 'the run gives the implementation its own --policy or --insecure-policy' } };
  return { args: ['--policy', policyFile, ...implArgs], policy: { kind: 'flags', at: 0, count: 2 } };
}

/**
 * skopeo's argv: [--policy P] ...implArgs experimental-image-proxy. 1.9.3 never reads the policy in
 * the proxy; 0.2.6+ reads it on every OpenImage, so it must be valid for the whole session.
 */
export function makeSkopeoArgs(policyFile: string, implArgs: readonly string[]): string[] {
  return [...withPolicyFlags(policyFile, implArgs).args, 'experimental-image-proxy'];
}
