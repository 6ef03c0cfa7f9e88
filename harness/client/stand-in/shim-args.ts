// The skopeo command line a client passes to the `skopeo` stand-in: global flags, the
// `experimental-image-proxy` subcommand and its flags, parsed the way skopeo's flag library does
// (`--flag value` or `--flag=value`; booleans take only `--flag` or `--flag=true|false`).

interface FlagSpec {
  /** Takes a value (string flags) or not (booleans). */
  value: boolean;
}

/** skopeo's global flags (`skopeo --help`), and the newer `--user-agent-prefix` that clients probe for. */
const GLOBAL_FLAGS: Record<string, FlagSpec> = {
  'command-timeout': { value: true },
  debug: { value: false },
  'insecure-policy': { value: false },
  'override-arch': { value: true },
  'override-os': { value: true },
  'override-variant': { value: true },
  policy: { value: true },
  'registries.d': { value: true },
  tmpdir: { value: true },
  'user-agent-prefix': { value: true },
};

/** `skopeo experimental-image-proxy --help`'s flags, with `--decryption-key` (repeatable) from later releases. */
const PROXY_FLAGS: Record<string, FlagSpec> = {
  authfile: { value: true },
  'cert-dir': { value: true },
  creds: { value: true },
  'daemon-host': { value: true },
  'decryption-key': { value: true },
  'no-creds': { value: false },
  password: { value: true },
  'registry-token': { value: true },
  'shared-blob-dir': { value: true },
  sockfd: { value: true },
  'tls-verify': { value: false },
  username: { value: true },
};

export const PROXY_SUBCOMMAND = 'experimental-image-proxy';

export type ShimCommand =
  | { kind: 'help'; subcommand: string | null }
  | { kind: 'version' }
  | { kind: 'proxy'; sockfd: number; global: Record<string, string[]>; proxy: Record<string, string[]> }
  /** skopeo would refuse this command line (or it is not the proxy): the message it would print. */
  | { kind: 'refused'; message: string };

export function parseShimArgs(argv: readonly string[]): ShimCommand {
  const global: Record<string, string[]> = {};
  const proxy: Record<string, string[]> = {};
  let subcommand: string | null = null;
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-h' || arg === '--help') return { kind: 'help', subcommand };
    if (subcommand === null && (arg === '-v' || arg === '--version')) return { kind: 'version' };
    if (!arg.startsWith('-') || arg === '-') {
      if (subcommand === null) subcommand = arg;
      else positional.push(arg);
      continue;
    }
    const table = subcommand === null ? GLOBAL_FLAGS : PROXY_FLAGS;
    const into = subcommand === null ? global : proxy;
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    // cobra lets a global flag follow the subcommand, too.
    const spec = table[name] ?? (subcommand !== null ? GLOBAL_FLAGS[name] : undefined);
    const target = table[name] !== undefined ? into : global;
    if (!arg.startsWith('--') || spec === undefined) return { kind: 'refused', message: `unknown flag: ${arg.startsWith('--') ? `--${name}` : arg}` };
    let value: string;
    if (eq >= 0) value = arg.slice(eq + 1);
    else if (!spec.value) value = 'true';
    else {
      if (i + 1 >= argv.length) return { kind: 'refused', message: `flag needs an argument: --${name}` };
      value = argv[++i] as string;
    }
    if (!spec.value && value !== 'true' && value !== 'false') {
      return { kind: 'refused', message: `invalid argument "${value}" for "--${name}" flag: strconv.ParseBool: parsing "${value}": invalid syntax` };
    }
    (target[name] ??= []).push(value);
  }
  if (subcommand === null) return { kind: 'help', subcommand: null };
  if (subcommand !== PROXY_SUBCOMMAND) return { kind: 'refused', message: `the conformance stand-in serves only ${PROXY_SUBCOMMAND}, not ${JSON.stringify(subcommand)}` };
  if (positional.length > 0) return { kind: 'refused', message: `Usage: skopeo ${PROXY_SUBCOMMAND} [command options] (no arguments expected, got ${JSON.stringify(positional[0])})` };
  const sockfdText = proxy.sockfd?.at(-1) ?? '0';
  const sockfd = Number(sockfdText);
  if (!/^\d+$/.test(sockfdText) || !Number.isSafeInteger(sockfd)) {
    return { kind: 'refused', message: `invalid argument "${sockfdText}" for "--sockfd" flag: strconv.ParseInt: parsing "${sockfdText}": invalid syntax` };
  }
  return { kind: 'proxy', sockfd, global, proxy };
}

/** The help text, as the skopeo release speaking `protocol` would print it (clients grep it for flags). */
export function formatShimHelp(subcommand: string | null, protocol: string): string {
  const table = subcommand === PROXY_SUBCOMMAND ? PROXY_FLAGS : GLOBAL_FLAGS;
  // --user-agent-prefix and --decryption-key arrived with later skopeo releases than Debian's 0.2.3.
  const newer = new Set(['user-agent-prefix', 'decryption-key']);
  const flags = Object.entries(table)
    .filter(([name]) => isAtLeast(protocol, '0.2.8') || !newer.has(name))
    .map(([name, spec]) => `      --${name}${spec.value ? ' string' : ''}`);
  const usage = subcommand === PROXY_SUBCOMMAND ? `skopeo ${PROXY_SUBCOMMAND} [command options]` : 'skopeo [flags]\n  skopeo [command]';
  return `Usage:\n  ${usage}\n\nFlags:\n${flags.join('\n')}\n  -h, --help   help\n`;
}

/** a ≥ b for dotted versions (the stand-in starts with every client session: no semver import here). */
function isAtLeast(a: string, b: string): boolean {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}
