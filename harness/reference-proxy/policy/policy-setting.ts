// Which policy a proxy runs under, as skopeo's global flags say: --insecure-policy (wins over
// everything), --policy FILE, or neither: the user's file if it exists, else the system's.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathError } from '../proxy-error.js';
import { ACCEPT_ANYTHING, parsePolicy, type PolicyDocument } from './policy-document.js';

export type PolicySetting = { kind: 'insecure' } | { kind: 'file'; path: string } | { kind: 'default' };

export const SYSTEM_POLICY_PATH = '/etc/containers/policy.json';

/** The setting a command line's `--policy` value (or none) and `--insecure-policy` give. */
export function policySettingOf(policyPath: string | undefined, insecure: boolean): PolicySetting {
  if (insecure) return { kind: 'insecure' };
  return policyPath !== undefined && policyPath !== '' ? { kind: 'file', path: policyPath } : { kind: 'default' };
}

/** containers/image's default: $HOME/.config/containers/policy.json when it exists, else the system file. */
export function defaultPolicyPath(home: string | undefined = process.env.HOME): string {
  if (home !== undefined && home !== '') {
    const user = path.join(home, '.config', 'containers', 'policy.json');
    if (existsSync(user)) return user;
  }
  return SYSTEM_POLICY_PATH;
}

/** Reads the policy a setting names; a file that cannot be read fails as Go's `open FILE: …`. */
export async function readPolicy(setting: PolicySetting): Promise<PolicyDocument> {
  if (setting.kind === 'insecure') return ACCEPT_ANYTHING;
  const file = setting.kind === 'file' ? setting.path : defaultPolicyPath();
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw pathError('open', file, error);
  }
  return parsePolicy(text, file);
}
