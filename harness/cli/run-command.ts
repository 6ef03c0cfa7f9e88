// The main job: resolve the implementation, build the fixture, run the checks, print, exit code.
import path from 'node:path';
import { dir as makeTempDir } from 'tmp-promise';
import { runSuite } from '../cases/run-suite.js';
import { loadCheckImage } from '../cases/check-image.js';
import { CHECKS } from '../checks/index.js';
import { resolveConfig } from '../config.js';
import { HarnessError } from '../errors.js';
import { countByStatus } from '../findings/result.js';
import type { LaunchSpec, SocketMode } from '../launch/implementation.js';
import { findOnPath, SKOPEO_INSTALL_HINT, validateImplPath } from '../launch/resolve-impl.js';
import { isSkopeo, makeSkopeoArgs, writePermissivePolicy } from '../launch/skopeo.js';
import { formatCheckLine, formatHeader, formatSummary, type ConsoleOut } from '../report/console.js';
import { EXIT } from './exit-codes.js';

export interface RunOptions {
  impl?: string;
  implArg: string[];
  sockfd?: number;
  timeout?: number;
  seed?: number;
}

export async function runConformance(options: RunOptions, out: ConsoleOut, signal: AbortSignal): Promise<number> {
  const executable = resolveExecutable(options.impl, out);
  const config = resolveConfig(options.timeout !== undefined ? { timeouts: { callMs: options.timeout } } : {});
  const socket: SocketMode = options.sockfd === undefined ? { kind: 'stdin' } : { kind: 'fd', fd: options.sockfd };
  const temp = await makeTempDir({ prefix: 'proxy-conformance-', unsafeCleanup: true });
  try {
    const args = isSkopeo(executable)
      ? makeSkopeoArgs(await writePermissivePolicy(temp.path), options.implArg)
      : [...options.implArg];
    const spec: LaunchSpec = { executable, args, socket };
    const image = await loadCheckImage({ seed: options.seed });
    out.write(formatHeader({ implementation: { executable, args, socket: describeSocket(socket), protocolVersion: null } }));
    const run = await runSuite({
      spec,
      checks: CHECKS,
      image,
      config,
      signal,
      onResult: (result) => out.write(formatCheckLine(result)),
    });
    if (run.preflightError) out.write(`the implementation could not be initialized: ${run.preflightError}`);
    else out.write(`protocol version: ${run.implementation.protocolVersion}`);
    out.write(formatSummary(run.results));
    if (signal.aborted) return EXIT.INTERRUPTED;
    const c = countByStatus(run.results);
    if (c['harness-error'] > 0) return EXIT.HARNESS_ERROR;
    return c.fail + c.hang + c.crash > 0 ? EXIT.FAILED : EXIT.OK;
  } finally {
    await temp.cleanup();
  }
}

function resolveExecutable(impl: string | undefined, out: ConsoleOut): string {
  if (impl !== undefined) return validateImplPath(impl);
  const skopeo = findOnPath('skopeo');
  if (skopeo === null) throw new HarnessError('PC_NO_IMPLEMENTATION', `no --impl given and no skopeo on PATH: ${SKOPEO_INSTALL_HINT}`);
  out.write(`no --impl given: using skopeo from PATH (${skopeo})`);
  return path.resolve(skopeo);
}

function describeSocket(socket: SocketMode): string {
  return socket.kind === 'stdin' ? 'stdin' : `fd ${socket.fd} (--sockfd ${socket.fd})`;
}
