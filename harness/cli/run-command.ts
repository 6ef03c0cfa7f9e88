// The main job: resolve the implementations, build the fixture, run the selected cases against each,
// gate on baselines, write the report directory, print, and return the exit code.
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { dir as makeTempDir } from 'tmp-promise';
import type { CheckDefinition } from '../checks/types.js';
import type { Level } from '../model/case.js';
import { runSuite } from '../cases/run-suite.js';
import { selectChecks, type Shard } from '../cases/select.js';
import { loadSuite } from '../cases/suite.js';
import { loadSuiteImages, type SuiteImages } from '../model/suite-images.js';
import { DEFAULT_SEED } from '../fixtures/build-fixtures.js';
import { resolveConfig, type HarnessConfig } from '../config.js';
import { compareToBaseline, makeBaseline, readBaseline, type Baseline } from '../verdicts/baseline.js';
import type { CheckResult, RunResult } from '../verdicts/result.js';
import type { VerdictStatus } from '../verdicts/verdict.js';
import type { LaunchSpec, SocketMode } from '../launch/implementation.js';
import { findOnPath, REFERENCE_PROXY_BIN, SKOPEO_INSTALL_HINT, validateImplPath } from '../launch/resolve-impl.js';
import { isSkopeo, makeSkopeoArgs, writePermissivePolicy } from '../launch/skopeo.js';
import { readVersionString } from '../launch/version-string.js';
import { describeEnvironment, toImplementationRun } from '../report/build.js';
import { ConsoleReporter, formatHeader, formatSummary, type ConsoleOut } from '../report/console.js';
import { RESULTS_FORMAT, type ImplementationRun, type ReportDocument } from '../report/model.js';
import { REPORTERS, type ReportFormat } from '../report/reporters.js';
import { HarnessError } from '../errors.js';
import { EXIT, exitCodeFor } from '../verdicts/exit-codes.js';

/** One implementation to run the suite against. */
export interface Target {
  impl?: string;
  args: string[];
  sockfd?: number;
  baseline?: string;
  label?: string;
}

export interface RunOptions {
  targets: Target[];
  timeout?: number;
  hangTimeout?: number;
  seed?: number;
  jobs?: number;
  run: string[];
  skip: string[];
  level?: Level;
  shard?: Shard;
  updateBaseline?: boolean;
  /** Where the report files go; null writes none. Default: reports/<time>. */
  reportDir?: string | null;
  formats?: ReportFormat[];
  quiet?: boolean;
  color?: boolean;
  configFile?: string | null;
}

interface Resolved extends Target {
  executable: string;
  label: string;
}

export async function runConformance(options: RunOptions, out: ConsoleOut, signal: AbortSignal): Promise<number> {
  const console = new ConsoleReporter(out, { ...(options.quiet !== undefined ? { quiet: options.quiet } : {}), ...(options.color !== undefined ? { color: options.color } : {}) });
  if (options.updateBaseline && !options.targets.some((t) => t.baseline !== undefined)) {
    throw new HarnessError('PC_USAGE', '--update-baseline needs --baseline FILE to write');
  }
  const targets = options.targets.map((t) => resolveTarget(t, console));
  const config = resolveConfig({
    timeouts: {
      ...(options.timeout !== undefined ? { callMs: options.timeout } : {}),
      ...(options.hangTimeout !== undefined ? { payloadMs: options.hangTimeout } : {}),
    },
  });
  const suite = loadSuite();
  const checks = selectChecks(suite, {
    run: options.run,
    skip: options.skip,
    ...(options.level !== undefined ? { level: options.level } : {}),
    ...(options.shard !== undefined ? { shard: options.shard } : {}),
  });
  // Read every baseline before running anything: a bad file is a usage error, not a late surprise.
  const baselines = targets.map((t) => (t.baseline !== undefined && !options.updateBaseline ? readBaseline(t.baseline) : undefined));
  const jobs = options.jobs ?? Math.min(2, availableParallelism());
  const images = await loadSuiteImages({ seed: options.seed });
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const temp = await makeTempDir({ prefix: 'proxy-conformance-', unsafeCleanup: true });
  const runs: ImplementationRun[] = [];
  const gated: ImplementationRun[] = [];
  try {
    for (const [i, target] of targets.entries()) {
      if (signal.aborted) break;
      const baseline = baselines[i];
      const spec = await makeSpec(target, temp.path);
      const versionString = await readVersionString(target.executable, signal);
      const header = formatHeader({ implementation: { executable: target.executable, args: spec.executable === process.execPath ? spec.args.slice(1) : [...spec.args], socket: describeSocket(spec.socket), protocolVersion: null, versionString } });
      console.implementationStarted(header, checks.length);
      let run = await runSuite({
        spec,
        checks,
        images,
        config,
        signal,
        jobs,
        onStart: (check) => console.caseStarted(check.id),
        onResult: (result) => console.caseFinished(result, baseline?.cases[result.id]?.status !== result.verdict.status),
      });
      const attempts = new Map<string, VerdictStatus[]>();
      if (baseline !== undefined) run = await rerunFlaky(run, baseline, attempts, { spec, checks, images, config, signal });
      const comparison = baseline ? compareToBaseline(run.results, baseline, new Set(suite.map((s) => s.id))) : undefined;
      const implRun = toImplementationRun(
        run,
        target.label,
        versionString,
        baseline && comparison && target.baseline ? { file: target.baseline, baseline, comparison } : undefined,
      );
      for (const c of implRun.cases) {
        const before = attempts.get(c.id);
        if (before) c.attempts = before;
      }
      runs.push(implRun);
      console.implementationFinished(implRun);
      if (options.updateBaseline && target.baseline !== undefined) {
        await writeBaseline(target.baseline, run, console);
      } else {
        gated.push(implRun);
      }
      if (targets.length > 1) console.line(`${target.label}: ${formatSummary(implRun.cases, implRun.interrupted?.notRun.length)}`);
    }
    const doc: ReportDocument = {
      format: RESULTS_FORMAT,
      startedAt,
      durationMs: performance.now() - started,
      environment: describeEnvironment(),
      configuration: {
        fixtureSeed: options.seed ?? DEFAULT_SEED,
        timeouts: config.timeouts,
        jobs,
        run: options.run,
        skip: options.skip,
        level: options.level ?? null,
        shard: options.shard ?? null,
        suiteCases: suite.length,
        selectedCases: checks.length,
        suiteDigest: digestOf(suite, options.seed ?? DEFAULT_SEED),
        configFile: options.configFile ?? null,
      },
      runs,
      ...(signal.aborted ? { interrupted: { notRun: checks.length * targets.length - runs.reduce((n, r) => n + r.cases.length, 0) } } : {}),
    };
    if (options.reportDir !== null && runs.length > 0) {
      const dir = options.reportDir ?? (await claimReportDir(startedAt, runs));
      const written = await writeReports(doc, dir, options.formats ?? defaultFormats());
      console.info(`report: ${path.join(dir, written.includes('index.html') ? 'index.html' : (written[0] ?? ''))} (${written.join(', ')})`);
    }
    const all = runs.flatMap((r) => r.cases);
    const code = exitCodeFor(gated, { interrupted: signal.aborted });
    const prefix = runs.length > 1 ? `${runs.length} implementations: ` : '';
    console.summary(`${prefix}${formatSummary(all, doc.interrupted?.notRun)}`, code === EXIT.OK);
    return code;
  } finally {
    await temp.cleanup();
  }
}

/** Writes each format's file into `dir`; returns the file names. */
export async function writeReports(doc: ReportDocument, dir: string, formats: readonly ReportFormat[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const format of formats) {
    const reporter = REPORTERS[format];
    await writeFile(path.join(dir, reporter.file), reporter.render(doc));
    written.push(reporter.file);
  }
  return written;
}

export function defaultFormats(): ReportFormat[] {
  return Object.keys(REPORTERS) as ReportFormat[];
}

/** reports/<time>-<label>, with -2, -3… when two runs start in the same second. */
async function claimReportDir(startedAt: string, runs: readonly ImplementationRun[]): Promise<string> {
  const stamp = startedAt.replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
  const label = runs.length === 1 ? (runs[0]?.implementation.label ?? 'run') : 'matrix';
  const base = path.join('reports', `${stamp}-${label.replace(/[^A-Za-z0-9._-]/g, '_')}`);
  await mkdir('reports', { recursive: true });
  for (let n = 1; ; n++) {
    const dir = n === 1 ? base : `${base}-${n}`;
    try {
      await mkdir(dir);
      return dir;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/**
 * A case recorded as flaky that did not pass runs once more, alone; both outcomes are kept, so a
 * flaky case never turns green without saying so.
 */
async function rerunFlaky(
  run: RunResult,
  baseline: Baseline,
  attempts: Map<string, VerdictStatus[]>,
  input: { spec: LaunchSpec; checks: readonly CheckDefinition[]; images: SuiteImages; config: HarnessConfig; signal: AbortSignal },
): Promise<RunResult> {
  const flaky = run.results.filter((r) => isFlaky(baseline, r.id) && !['pass', 'not-applicable'].includes(r.verdict.status));
  if (flaky.length === 0 || run.preflightError !== null) return run;
  const again = await runSuite({ ...input, checks: input.checks.filter((c) => flaky.some((r) => r.id === c.id)), jobs: 1 });
  const byId = new Map(again.results.map((r) => [r.id, r]));
  const results = run.results.map((r): CheckResult => {
    const second = byId.get(r.id);
    if (second === undefined || second.verdict.status === 'interrupted') return r;
    attempts.set(r.id, [r.verdict.status]);
    return second;
  });
  return { ...run, results };
}

function isFlaky(baseline: Baseline, id: string): boolean {
  return baseline.cases[id]?.flaky === true;
}

async function writeBaseline(file: string, run: RunResult, console: ConsoleReporter): Promise<void> {
  let previous: Baseline | undefined;
  try {
    previous = readBaseline(file);
  } catch {
    previous = undefined;
  }
  const baseline = makeBaseline(run.results, path.basename(run.implementation.executable), run.implementation.protocolVersion ?? '0.0.0', previous);
  await writeFile(file, `${JSON.stringify(baseline, null, 2)}\n`);
  console.line(`baseline written: ${file} (${Object.keys(baseline.cases).length} recorded outcomes)`);
}

function resolveTarget(target: Target, console: ConsoleReporter): Resolved {
  const executable = resolveExecutable(target.impl, console);
  return { ...target, executable, label: target.label ?? labelOf(executable) };
}

function labelOf(executable: string): string {
  return executable === REFERENCE_PROXY_BIN ? 'reference-proxy' : path.basename(executable);
}

function resolveExecutable(impl: string | undefined, console: ConsoleReporter): string {
  if (impl !== undefined) return validateImplPath(impl);
  const skopeo = findOnPath('skopeo');
  if (skopeo === null) {
    console.line(`no --impl given and no skopeo on PATH: using the built-in reference proxy (protocol 0.2.8, ${REFERENCE_PROXY_BIN}). To test skopeo: ${SKOPEO_INSTALL_HINT}`);
    return REFERENCE_PROXY_BIN;
  }
  console.info(`no --impl given: using skopeo from PATH (${skopeo})`);
  return path.resolve(skopeo);
}

async function makeSpec(target: Resolved, tempDir: string): Promise<LaunchSpec> {
  const socket: SocketMode = target.sockfd === undefined ? { kind: 'stdin' } : { kind: 'fd', fd: target.sockfd };
  const args = isSkopeo(target.executable) ? makeSkopeoArgs(await writePermissivePolicy(tempDir), target.args) : [...target.args];
  // The built-in proxy runs on this Node, which PATH need not name for its shebang.
  if (target.executable === REFERENCE_PROXY_BIN) return { executable: process.execPath, args: [target.executable, ...args], socket };
  return { executable: target.executable, args, socket };
}

function describeSocket(socket: SocketMode): string {
  return socket.kind === 'stdin' ? 'stdin' : `fd ${socket.fd} (--sockfd ${socket.fd})`;
}

function digestOf(suite: readonly CheckDefinition[], seed: number): string {
  const ids = suite.map((c) => c.id).sort();
  return `sha256:${createHash('sha256').update(JSON.stringify({ ids, seed })).digest('hex')}`;
}
