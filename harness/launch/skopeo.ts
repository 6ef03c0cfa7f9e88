// skopeo needs its subcommand and a signature policy; global flags (like --policy or
// --override-arch) must come before the subcommand.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

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

/**
 * skopeo's argv: [--policy P] ...implArgs experimental-image-proxy. The user's own --policy or
 * --insecure-policy wins over ours. 1.9.3 never reads the policy in the proxy; 0.2.6+ reads it on
 * every OpenImage, so it must be valid for the whole session.
 */
export function makeSkopeoArgs(policyFile: string, implArgs: readonly string[]): string[] {
  const hasPolicy = implArgs.some((a) => a === '--insecure-policy' || a === '--policy' || a.startsWith('--policy='));
  return [...(hasPolicy ? [] : ['--policy', policyFile]), ...implArgs, 'experimental-image-proxy'];
}
