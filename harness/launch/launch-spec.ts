// What to launch, as plain data: the executable, its argv, how the socket reaches it, and how a case
// may give it a policy or point it at the run's registry. Live resources a run starts sessions with
// (session hosts, a coverage dir per process) travel beside it, in session-processes.ts.

/**
 * How the socket reaches the implementation: as its stdin, or as fd N with `--sockfd N` appended.
 * `not-a-socket`: `--sockfd N` names /dev/null, the socket is on stdin where the implementation is
 * not told to look (a launch it must refuse).
 */
export type SocketMode = { kind: 'stdin' } | { kind: 'fd'; fd: number } | { kind: 'not-a-socket'; fd: number };

export interface LaunchSpec {
  executable: string;
  /** Full argv after the executable, before any `--sockfd N`. */
  args: readonly string[];
  socket: SocketMode;
  env?: Record<string, string>;
  /** How a case's own signature policy reaches the implementation (absent: it cannot). */
  policy?: PolicyRoute;
  /** How the implementation is told to fetch from the run's plain-HTTP loopback registry (absent: it cannot). */
  registry?: RegistryRoute;
  /** Whether a case may add skopeo's image options (--creds, --no-creds…) after the arguments (absent: it may not). */
  imageOptions?: ImageOptionsRoute;
}

/** `flags`: the implementation takes skopeo's experimental-image-proxy options; `none`: why a case cannot give them. */
export type ImageOptionsRoute = { kind: 'flags' } | { kind: 'none'; reason: string };

/**
 * `flags`: appended for a registry case (skopeo's `--tls-verify=false`); `idleTimeoutFlag` sets the
 * implementation's registry idle timeout, for one that has one. `none`: why a registry case cannot run.
 */
export type RegistryRoute = { kind: 'flags'; flags: readonly string[]; idleTimeoutFlag?: string } | { kind: 'none'; reason: string };

/**
 * `flags`: skopeo's global --policy/--insecure-policy; the run's own policy flags are `count` args
 * from `at`, and a case's flags replace them. `none`: why a case cannot give it a policy.
 */
export type PolicyRoute = { kind: 'flags'; at: number; count: number } | { kind: 'none'; reason: string };

/** The spec with a case's policy flags in place of the run's. */
export function withCasePolicyFlags(spec: LaunchSpec, flags: readonly string[]): LaunchSpec {
  if (spec.policy?.kind !== 'flags') throw new Error('this launch cannot take a policy');
  const { at, count } = spec.policy;
  return { ...spec, args: [...spec.args.slice(0, at), ...flags, ...spec.args.slice(at + count)], policy: { kind: 'flags', at, count: flags.length } };
}

/** The spec with these flags after its arguments (skopeo's come after its subcommand). */
export function withExtraArgs(spec: LaunchSpec, flags: readonly string[]): LaunchSpec {
  return { ...spec, args: [...spec.args, ...flags] };
}

/** Whether two specs launch the same thing (specs are plain data: compared by value). */
export function sameLaunch(a: LaunchSpec, b: LaunchSpec): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
