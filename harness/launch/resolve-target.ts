// From what the user named to what gets spawned: --impl (else skopeo on PATH, else, where allowed,
// the built-in reference proxy), its arguments and socket, and skopeo's subcommand and policy.
import path from 'node:path';
import { makeOwnedTempDir } from '../files/owned-temp-dir.js';
import { HarnessError } from '../errors.js';
import type { ImageOptionsRoute, LaunchSpec, PolicyRoute, RegistryRoute, SocketMode } from './implementation.js';
import { findOnPath, REFERENCE_PROXY_BIN, SKOPEO_INSTALL_HINT, validateImplPath } from './resolve-impl.js';
import { isSkopeo, withPolicyFlags, writePermissivePolicy } from './skopeo.js';

const NO_POLICY_ROUTE: PolicyRoute = {
  kind: 'none',
  reason: 'the harness gives a signature policy only to skopeo (an executable named skopeo or skopeo-*) and the reference proxy, with --policy/--insecure-policy',
};

const NO_REGISTRY_ROUTE: RegistryRoute = {
  kind: 'none',
  reason: 'the harness points only skopeo and the reference proxy at its plain-HTTP registry, with --tls-verify=false',
};

const NO_IMAGE_OPTIONS_ROUTE: ImageOptionsRoute = {
  kind: 'none',
  reason: "the harness gives skopeo's image options (--creds, --no-creds…) only to skopeo and the reference proxy",
};

/** skopeo and the reference proxy take skopeo's image options after their arguments. */
const IMAGE_OPTIONS_ROUTE: ImageOptionsRoute = { kind: 'flags' };

/** The registry's plain HTTP needs --tls-verify=false, as for any registry without TLS. */
const SKOPEO_REGISTRY_ROUTE: RegistryRoute = { kind: 'flags', flags: ['--tls-verify=false'] };

/** The reference proxy also takes its idle timeout, so that a stalled upstream fails within the run's deadline. */
const REFERENCE_REGISTRY_ROUTE: RegistryRoute = { kind: 'flags', flags: ['--tls-verify=false'], idleTimeoutFlag: '--registry-idle-timeout-ms' };

/** One implementation to test, as the command line or the config file names it. */
export interface Target {
  /** Path of the executable; undefined means skopeo on PATH. */
  impl?: string;
  args: string[];
  sockfd?: number;
  baseline?: string;
  label?: string;
}

/** A target whose executable was found and checked. */
export interface ResolvedTarget extends Target {
  executable: string;
  label: string;
  /** Where the executable came from: --impl, skopeo on PATH, or the built-in reference proxy. */
  found: 'given' | 'path' | 'built-in';
}

export interface ResolveTargetOptions {
  /** Without --impl and without skopeo on PATH: fall back to the reference proxy, or refuse. */
  withoutSkopeo: 'built-in' | 'refuse';
}

/** Finds and checks the target's executable; throws a HarnessError (a usage error) when it cannot. */
export function resolveTarget(target: Target, options: ResolveTargetOptions): ResolvedTarget {
  const resolve = (executable: string, found: ResolvedTarget['found']): ResolvedTarget => ({ ...target, executable, found, label: target.label ?? labelOf(executable) });
  if (target.impl !== undefined) return resolve(validateImplPath(target.impl), 'given');
  const skopeo = findOnPath('skopeo');
  if (skopeo !== null) return resolve(path.resolve(skopeo), 'path');
  if (options.withoutSkopeo === 'refuse') throw new HarnessError('PC_NO_IMPLEMENTATION', `no --impl given and no skopeo on PATH: ${SKOPEO_INSTALL_HINT}`);
  return resolve(REFERENCE_PROXY_BIN, 'built-in');
}

/** The line that says which implementation was chosen when none was named, or null when one was. */
export function describeDefaultTarget(target: ResolvedTarget): string | null {
  if (target.found === 'path') return `no --impl given: using skopeo from PATH (${target.executable})`;
  if (target.found === 'built-in') {
    return `no --impl given and no skopeo on PATH: using the built-in reference proxy (protocol 0.2.8, ${REFERENCE_PROXY_BIN}). To test skopeo: ${SKOPEO_INSTALL_HINT}`;
  }
  return null;
}

/** The built-in reference proxy with these arguments (e.g. `--fault NAME`). */
export function referenceProxyTarget(args: readonly string[] = []): ResolvedTarget {
  return { impl: REFERENCE_PROXY_BIN, args: [...args], executable: REFERENCE_PROXY_BIN, label: 'reference-proxy', found: 'given' };
}

/** The spawn line; the permissive policy skopeo and the reference proxy get is written into `tempDir`, which must outlive the run. */
export async function makeLaunchSpec(target: ResolvedTarget, tempDir: string): Promise<LaunchSpec> {
  const socket: SocketMode = target.sockfd === undefined ? { kind: 'stdin' } : { kind: 'fd', fd: target.sockfd };
  if (isSkopeo(target.executable)) {
    const { args, policy } = withPolicyFlags(await writePermissivePolicy(tempDir), target.args);
    return { executable: target.executable, args: [...args, 'experimental-image-proxy'], socket, policy, registry: SKOPEO_REGISTRY_ROUTE, imageOptions: IMAGE_OPTIONS_ROUTE };
  }
  if (target.executable === REFERENCE_PROXY_BIN) {
    const { args, policy } = withPolicyFlags(await writePermissivePolicy(tempDir), target.args);
    // The built-in proxy runs on this Node, which PATH need not name for its shebang; its policy flags follow its path.
    return {
      executable: process.execPath,
      args: [target.executable, ...args],
      socket,
      policy: policy.kind === 'flags' ? { ...policy, at: policy.at + 1 } : policy,
      registry: REFERENCE_REGISTRY_ROUTE,
      imageOptions: IMAGE_OPTIONS_ROUTE,
    };
  }
  return { executable: target.executable, args: [...target.args], socket, policy: NO_POLICY_ROUTE, registry: NO_REGISTRY_ROUTE, imageOptions: NO_IMAGE_OPTIONS_ROUTE };
}

/** Calls `use` with the target's launch spec, then removes the temp dir whatever happens. */
export async function withLaunchSpec<T>(target: ResolvedTarget, use: (spec: LaunchSpec) => Promise<T>): Promise<T> {
  const temp = await makeOwnedTempDir('proxy-conformance-');
  try {
    return await use(await makeLaunchSpec(target, temp.path));
  } finally {
    await temp.remove();
  }
}

/** The command line flags that name the same target, for a replay line. */
export function formatTargetFlags(target: Target): string {
  const flags = [
    ...(target.impl !== undefined ? [`--impl ${target.impl}`] : []),
    ...target.args.map((a) => `--impl-arg=${a}`),
    ...(target.sockfd !== undefined ? [`--sockfd ${target.sockfd}`] : []),
  ];
  return flags.join(' ');
}

function labelOf(executable: string): string {
  return executable === REFERENCE_PROXY_BIN ? 'reference-proxy' : path.basename(executable);
}
