// The executable's arguments, skopeo-like: --sockfd N, --fault NAME (repeatable), the platform
// overrides, --protocol-version V, --tls-verify[=BOOL], the credential options; --help and
// --list-faults print and exit.
// --registry-idle-timeout-ms MS is left out of the usage text: it exists for tests.
import { isHarnessError } from '../../errors.js';
import { FAULTS, isFaultName, type FaultName } from '../faults.js';
import type { PlatformOverrides } from '../image/platform.js';
import { policySettingOf, type PolicySetting } from '../policy/policy-setting.js';
import { DEFAULT_PROTOCOL_VERSION, makeProtocolProfile } from '../session/protocol-profile.js';
import type { CredentialFlags } from '../image/system-context.js';

export interface CommandLine {
  sockfd: number;
  faults: FaultName[];
  overrides: PlatformOverrides;
  protocolVersion: string;
  /** Absent without --policy or --insecure-policy: skopeo's default locations. */
  policy?: PolicySetting;
  /** skopeo's --tls-verify: false lets docker:// skip certificate checks and fall back to plain http. */
  tlsVerify: boolean;
  /** How long a registry read may wait for bytes; absent: the session's default (30 s). */
  registryIdleTimeoutMs?: number;
  /** skopeo's credential options, checked at Initialize as skopeo checks them (never sent to a registry). */
  credentials: CredentialFlags;
}

/** A command line the executable refuses: one sentence, exit 2. */
export class UsageError extends Error {}

export const USAGE = `usage: reference-proxy [--sockfd N] [--fault NAME]... [--override-arch A] [--override-os O] [--override-variant V] [--policy FILE] [--insecure-policy] [--protocol-version V] [--tls-verify=false] [--creds U[:P]] [--no-creds] [--username U] [--password P] [--list-faults]
Serves the image proxy protocol ${DEFAULT_PROTOCOL_VERSION} like skopeo 1.20.0 on the socket at fd N (default 0), for
oci:DIR[:TAG], oci-archive:FILE[:TAG], dir:DIR, docker-archive:FILE and docker://HOST/REPO[:TAG|@DIGEST]
references. --fault switches on a deliberate deviation (repeatable; --list-faults names them).
--protocol-version speaks an older protocol (0.2.1 and up): Initialize answers V, newer methods are
unknown, and before 0.2.8 replies have no error_code. From 0.2.6 OpenImage and OpenImageOptional
enforce the signature policy: --policy FILE, --insecure-policy (accept anything), or skopeo's default
locations. --tls-verify=false lets docker:// registries go without certificate checks and over plain http.
--creds, --no-creds, --username and --password are checked at Initialize as skopeo checks them (a
conflict fails it); no credentials are sent to a registry.
`;

/** The parsed command line, or what to print instead of serving; throws UsageError. */
export function parseCommandLine(argv: readonly string[]): CommandLine | 'help' | 'list-faults' {
  const options: CommandLine = { sockfd: 0, faults: [], overrides: {}, protocolVersion: DEFAULT_PROTOCOL_VERSION, tlsVerify: true, credentials: { noCreds: false } };
  let policyPath: string | undefined;
  let insecurePolicy = false;
  const args = [...argv];
  while (args.length > 0) {
    const arg = args.shift() as string;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const takeValue = (): string => {
      if (eq !== -1) return arg.slice(eq + 1);
      const value = args.shift();
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      return value;
    };
    switch (name) {
      case '--help':
      case '-h':
        return 'help';
      case '--list-faults':
        return 'list-faults';
      case '--sockfd': {
        const value = takeValue();
        if (!/^-?\d+$/.test(value)) throw new UsageError(`--sockfd takes a whole number, not ${JSON.stringify(value)}`);
        options.sockfd = Number(value);
        break;
      }
      case '--fault': {
        const value = takeValue();
        if (!isFaultName(value)) throw new UsageError(`unknown fault ${JSON.stringify(value)} (run with --list-faults to see the ${FAULTS.length} known ones)`);
        options.faults.push(value);
        break;
      }
      case '--override-arch':
        options.overrides.architecture = takeValue();
        break;
      case '--override-os':
        options.overrides.os = takeValue();
        break;
      case '--override-variant':
        options.overrides.variant = takeValue();
        break;
      case '--policy':
        policyPath = takeValue();
        break;
      case '--insecure-policy':
        insecurePolicy = eq === -1 ? true : parseBoolean(name, arg.slice(eq + 1));
        break;
      case '--protocol-version':
        options.protocolVersion = validateProtocolVersion(takeValue());
        break;
      case '--tls-verify':
        // A Go bool flag: bare means true, a value only with `=`.
        options.tlsVerify = eq === -1 ? true : parseBoolean(name, arg.slice(eq + 1));
        break;
      case '--creds':
        options.credentials.creds = takeValue();
        break;
      case '--no-creds':
        options.credentials.noCreds = eq === -1 ? true : parseBoolean(name, arg.slice(eq + 1));
        break;
      case '--username':
        options.credentials.username = takeValue();
        break;
      case '--password':
        options.credentials.password = takeValue();
        break;
      case '--registry-idle-timeout-ms': {
        const value = takeValue();
        if (!/^\d+$/.test(value) || Number(value) === 0 || !Number.isSafeInteger(Number(value))) {
          throw new UsageError(`--registry-idle-timeout-ms takes a positive whole number, not ${JSON.stringify(value)}`);
        }
        options.registryIdleTimeoutMs = Number(value);
        break;
      }
      default:
        throw new UsageError(`unknown argument ${JSON.stringify(arg)}`);
    }
  }
  if (policyPath !== undefined || insecurePolicy) options.policy = policySettingOf(policyPath, insecurePolicy);
  return options;
}

/** A boolean flag's `=value`, as Go's strconv.ParseBool reads the usual spellings. */
function parseBoolean(name: string, value: string): boolean {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
  throw new UsageError(`${name} takes true or false, not ${JSON.stringify(value)}`);
}

function validateProtocolVersion(version: string): string {
  try {
    makeProtocolProfile(version);
  } catch (error) {
    if (isHarnessError(error)) throw new UsageError(error.message);
    throw error;
  }
  return version;
}

/** --list-faults: each fault, what it does and what it breaks. */
export function listFaults(): string {
  const width = Math.max(...FAULTS.map((f) => f.name.length));
  return FAULTS.map((f) => `${f.name.padEnd(width)}  ${f.description}\n${' '.repeat(width)}  breaks: ${f.breaks}\n`).join('');
}
