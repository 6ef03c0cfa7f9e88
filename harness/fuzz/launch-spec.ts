// The implementation under test, resolved as the main command does: --impl, else skopeo on PATH;
// skopeo gets a permissive --policy in a temp dir that lives as long as the run.
import path from 'node:path';
import { dir as makeTempDir } from 'tmp-promise';
import { HarnessError } from '../errors.js';
import type { LaunchSpec, SocketMode } from '../launch/implementation.js';
import { findOnPath, SKOPEO_INSTALL_HINT, validateImplPath } from '../launch/resolve-impl.js';
import { isSkopeo, makeSkopeoArgs, writePermissivePolicy } from '../launch/skopeo.js';

export interface ImplOptions {
  impl?: string;
  implArg?: string[];
  sockfd?: number;
}

/** Calls `use` with the launch spec, then removes the temp dir whatever happens. */
export async function withLaunchSpec<T>(options: ImplOptions, use: (spec: LaunchSpec) => Promise<T>): Promise<T> {
  const executable = resolveExecutable(options.impl);
  const implArgs = options.implArg ?? [];
  const socket: SocketMode = options.sockfd === undefined ? { kind: 'stdin' } : { kind: 'fd', fd: options.sockfd };
  const temp = await makeTempDir({ prefix: 'proxy-conformance-fuzz-', unsafeCleanup: true });
  try {
    const args = isSkopeo(executable) ? makeSkopeoArgs(await writePermissivePolicy(temp.path), implArgs) : [...implArgs];
    return await use({ executable, args, socket });
  } finally {
    await temp.cleanup();
  }
}

function resolveExecutable(impl: string | undefined): string {
  if (impl !== undefined) return validateImplPath(impl);
  const skopeo = findOnPath('skopeo');
  if (skopeo === null) throw new HarnessError('PC_NO_IMPLEMENTATION', `no --impl given and no skopeo on PATH: ${SKOPEO_INSTALL_HINT}`);
  return path.resolve(skopeo);
}

/** The command line flags that select the same implementation, for a replay line. */
export function implFlags(options: ImplOptions): string {
  const flags = [
    ...(options.impl !== undefined ? [`--impl ${options.impl}`] : []),
    ...(options.implArg ?? []).map((a) => `--impl-arg=${a}`),
    ...(options.sockfd !== undefined ? [`--sockfd ${options.sockfd}`] : []),
  ];
  return flags.join(' ');
}
