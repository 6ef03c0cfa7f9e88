// What the client's skopeo command line asks of the served session, as skopeo would take it: the
// signature policy (--policy, --insecure-policy), the platform an index resolves to
// (--override-os/arch/variant) and registry TLS (--tls-verify). The last occurrence of a flag wins, as with skopeo's flag library.
import { policySettingOf, type PolicySetting } from '../../reference-proxy/index.js';
import { parseShimArgs } from './shim-args.js';

export interface SessionFlags {
  policy: PolicySetting;
  platform: { os?: string; architecture?: string; variant?: string };
  tlsVerify: boolean;
}

export function sessionFlagsOf(argv: readonly string[]): SessionFlags {
  const command = parseShimArgs(argv);
  const global = command.kind === 'proxy' ? command.global : {};
  const tls = command.kind === 'proxy' ? command.proxy['tls-verify']?.at(-1) : undefined;
  const last = (name: string): string | undefined => global[name]?.at(-1);
  const platform: SessionFlags['platform'] = {};
  const os = last('override-os');
  const architecture = last('override-arch');
  const variant = last('override-variant');
  if (os !== undefined) platform.os = os;
  if (architecture !== undefined) platform.architecture = architecture;
  if (variant !== undefined) platform.variant = variant;
  return { policy: policySettingOf(last('policy'), last('insecure-policy') === 'true'), platform, tlsVerify: tls !== 'false' };
}
