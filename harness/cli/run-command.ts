// The main job: resolve the implementation, build the fixture, run the checks, print, exit code.
import { writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { dir as makeTempDir } from 'tmp-promise';
import { runSuite } from '../cases/run-suite.js';
import { selectChecks } from '../cases/select.js';
import { loadSuite } from '../cases/suite.js';
import { loadSuiteImages } from '../cases/suite-images.js';
import { resolveConfig, type ConfigOverrides } from '../config.js';
import { compareToBaseline, makeBaseline, readBaseline, type Baseline } from '../findings/baseline.js';
import { countByStatus, type RunResult } from '../findings/result.js';
import type { LaunchSpec, SocketMode } from '../launch/implementation.js';
import { findOnPath, REFERENCE_PROXY_BIN, SKOPEO_INSTALL_HINT, validateImplPath } from '../launch/resolve-impl.js';
import { isSkopeo, makeSkopeoArgs, writePermissivePolicy } from '../launch/skopeo.js';
import { formatBaselineComparison, formatCheckLine, formatHeader, formatSummary, type ConsoleOut } from '../report/console.js';
import { EXIT } from './exit-codes.js';

export interface RunOptions {
  impl?: string;
  implArg: string[];
  sockfd?: number;
  timeout?: number;
  hangTimeout?: number;
  seed?: number;
  jobs?: number;
  run: string[];
  skip: string[];
  baseline?: string;
  updateBaseline?: boolean;
}

export async function runConformance(options: RunOptions, out: ConsoleOut, signal: AbortSignal): Promise<number> {
  const executable = resolveExecutable(options.impl, out);
  const overrides: ConfigOverrides = { timeouts: {} };
  if (options.timeout !== undefined) overrides.timeouts = { callMs: options.timeout };
  if (options.hangTimeout !== undefined) overrides.timeouts = { ...overrides.timeouts, payloadMs: options.hangTimeout };
  const config = resolveConfig(overrides);
  const suite = loadSuite();
  const checks = selectChecks(suite, { run: options.run, skip: options.skip });
  const baseline = options.baseline !== undefined && !options.updateBaseline ? readBaseline(options.baseline) : undefined;
  const socket: SocketMode = options.sockfd === undefined ? { kind: 'stdin' } : { kind: 'fd', fd: options.sockfd };
  const temp = await makeTempDir({ prefix: 'proxy-conformance-', unsafeCleanup: true });
  try {
    const args = isSkopeo(executable)
      ? makeSkopeoArgs(await writePermissivePolicy(temp.path), options.implArg)
      : [...options.implArg];
    // The built-in proxy runs on this Node, which PATH need not name for its shebang.
    const spec: LaunchSpec =
      executable === REFERENCE_PROXY_BIN ? { executable: process.execPath, args: [executable, ...args], socket } : { executable, args, socket };
    const images = await loadSuiteImages({ seed: options.seed });
    out.write(formatHeader({ implementation: { executable, args, socket: describeSocket(socket), protocolVersion: null } }));
    const run = await runSuite({
      spec,
      checks,
      images,
      config,
      signal,
      jobs: options.jobs ?? Math.min(2, availableParallelism()),
      onResult: (result) => out.write(formatCheckLine(result, baseline?.cases[result.id])),
    });
    if (run.preflightError) out.write(`the implementation could not be initialized: ${run.preflightError}`);
    else out.write(`protocol version: ${run.implementation.protocolVersion}`);
    out.write(`wall time: ${(run.durationMs / 1000).toFixed(1)} s`);
    out.write(formatSummary(run.results));
    if (signal.aborted) return EXIT.INTERRUPTED;
    if (options.updateBaseline && options.baseline !== undefined) return writeBaseline(options.baseline, run, out);
    const c = countByStatus(run.results);
    if (c['harness-error'] > 0) return EXIT.HARNESS_ERROR;
    if (baseline !== undefined) return gate(run, baseline, new Set(suite.map((s) => s.id)), out);
    return c.fail + c.hang + c.crash > 0 ? EXIT.FAILED : EXIT.OK;
  } finally {
    await temp.cleanup();
  }
}

function gate(run: RunResult, baseline: Baseline, suiteIds: ReadonlySet<string>, out: ConsoleOut): number {
  const comparison = compareToBaseline(run.results, baseline, suiteIds);
  out.write(formatBaselineComparison(comparison, baseline));
  if (comparison.regressions.length > 0) return EXIT.FAILED;
  if (comparison.unknown.length > 0) return EXIT.UNKNOWN_BASELINE_ID;
  if (comparison.stale.length > 0) return EXIT.STALE_BASELINE;
  return EXIT.OK;
}

async function writeBaseline(file: string, run: RunResult, out: ConsoleOut): Promise<number> {
  let previous: Baseline | undefined;
  try {
    previous = readBaseline(file);
  } catch {
    previous = undefined;
  }
  const baseline = makeBaseline(run.results, path.basename(run.implementation.executable), run.implementation.protocolVersion ?? '0.0.0', previous);
  await writeFile(file, `${JSON.stringify(baseline, null, 2)}\n`);
  out.write(`baseline written: ${file} (${Object.keys(baseline.cases).length} recorded outcomes)`);
  return EXIT.OK;
}

function resolveExecutable(impl: string | undefined, out: ConsoleOut): string {
  if (impl !== undefined) return validateImplPath(impl);
  const skopeo = findOnPath('skopeo');
  if (skopeo === null) {
    out.write(`no --impl given and no skopeo on PATH: using the built-in reference proxy (protocol 0.2.8, ${REFERENCE_PROXY_BIN}). To test skopeo: ${SKOPEO_INSTALL_HINT}`);
    return REFERENCE_PROXY_BIN;
  }
  out.write(`no --impl given: using skopeo from PATH (${skopeo})`);
  return path.resolve(skopeo);
}

function describeSocket(socket: SocketMode): string {
  return socket.kind === 'stdin' ? 'stdin' : `fd ${socket.fd} (--sockfd ${socket.fd})`;
}
