// `client -- CMD`: run every selected client case against the client command, gate on a baseline,
// write the same reports as a server run, print, and return the exit code.
import path from 'node:path';
import { selectChecks, type Shard } from '../../cases/select.js';
import { CLIENT_CASES } from '../../client/cases/index.js';
import type { ClientCommand } from '../../client/run-client.js';
import { runClientSuite } from '../../client/run-client-suite.js';
import { DEFAULT_CONFIG, resolveConfig } from '../../config.js';
import { HarnessError } from '../../errors.js';
import type { Level } from '../../model/case.js';
import { loadSuiteImages } from '../../model/suite-images.js';
import type { RegistryChoice } from '../../registry/run-registry.js';
import { withRunRegistry } from '../../registry/run-registry.js';
import { sayRegistry } from './say-registry.js';
import { describeEnvironment, makeRunConfiguration, toImplementationRun } from '../../report/build.js';
import { ConsoleReporter, formatHeader, formatSummary, type ConsoleOut } from '../../report/console.js';
import { RESULTS_FORMAT, type ReportDocument } from '../../report/model.js';
import type { ReportFormat } from '../../report/reporters.js';
import { compareToBaseline, readBaseline } from '../../verdicts/baseline.js';
import { EXIT, exitCodeFor } from '../../verdicts/exit-codes.js';
import { writeBaseline } from './update-baseline.js';
import { validateRunOutputs } from './validate-run.js';
import { writeRunReports } from './write-reports.js';

export interface ClientRunOptions {
  command: ClientCommand;
  /** How long the client may run per case (default 20000). */
  clientTimeout?: number;
  run: string[];
  skip: string[];
  level?: Level;
  shard?: Shard;
  seed?: number;
  jobs?: number;
  baseline?: string;
  updateBaseline?: boolean;
  reportDir?: string | null;
  formats?: ReportFormat[];
  quiet?: boolean;
  color?: boolean;
  /** --registry-bin and --no-registry. */
  registry?: RegistryChoice;
}

export const DEFAULT_CLIENT_TIMEOUT_MS = 20_000;

export async function runClientCommand(options: ClientRunOptions, out: ConsoleOut, signal: AbortSignal): Promise<number> {
  const console = new ConsoleReporter(out, { ...(options.quiet !== undefined ? { quiet: options.quiet } : {}), ...(options.color !== undefined ? { color: options.color } : {}) });
  if (options.updateBaseline && options.baseline === undefined) throw new HarnessError('PC_USAGE', '--update-baseline needs --baseline FILE to write');
  const config = resolveConfig({
    ...(options.jobs !== undefined ? { jobs: options.jobs } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.formats !== undefined ? { formats: options.formats } : {}),
  });
  const cases = selectChecks(CLIENT_CASES, {
    run: options.run,
    skip: options.skip,
    ...(options.level !== undefined ? { level: options.level } : {}),
    ...(options.shard !== undefined ? { shard: options.shard } : {}),
  });
  await validateRunOutputs({ reportDir: options.reportDir, reportsRoot: config.reportsRoot, baselines: [options.baseline], updateBaseline: options.updateBaseline === true });
  const baseline = options.baseline !== undefined && !options.updateBaseline ? readBaseline(options.baseline) : undefined;
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const deadlineMs = options.clientTimeout ?? DEFAULT_CLIENT_TIMEOUT_MS;
  const label = path.basename(options.command.args.find((a) => !a.startsWith('-')) ?? options.command.executable);
  // The registry runs only when a selected case reads a registry image; it and its storage go at the end.
  const run = await withRunRegistry(options.registry ?? {}, cases, async (registry, registryCases) => {
    const images = await loadSuiteImages({ seed: options.seed, registry: registry.running ?? undefined });
    sayRegistry(console, registry.state, registryCases);
    console.implementationStarted(formatHeader({ implementation: { executable: options.command.executable, args: [...options.command.args], socket: 'client (the harness serves the proxy)', protocolVersion: null } }), cases.length);
    return runClientSuite({
      command: options.command,
      images,
      registry: registry.state,
      deadlineMs,
      teardown: { exitMs: DEFAULT_CONFIG.timeouts.exitMs, termMs: DEFAULT_CONFIG.timeouts.termMs },
      cases,
      signal,
      jobs: config.jobs,
      onStart: (c) => console.caseStarted(c.id),
      onResult: (result) => console.caseFinished(result, baseline?.cases[result.id]?.status !== result.verdict.status),
    });
  });
  const comparison = baseline ? compareToBaseline(run.results, baseline, new Set(CLIENT_CASES.map((c) => c.id))) : undefined;
  const implRun = toImplementationRun(run, label, null, baseline && comparison && options.baseline ? { file: options.baseline, baseline, comparison } : undefined);
  console.implementationFinished(implRun);
  const baselineWritten = options.updateBaseline === true && options.baseline !== undefined && (await writeBaseline(options.baseline, run, console));
  const doc: ReportDocument = {
    format: RESULTS_FORMAT,
    startedAt,
    durationMs: performance.now() - started,
    environment: describeEnvironment(),
    configuration: makeRunConfiguration({
      fixtureSeed: config.seed,
      timeouts: { ...config.timeouts, callMs: deadlineMs },
      jobs: config.jobs,
      run: options.run,
      skip: options.skip,
      level: options.level ?? null,
      shard: options.shard ?? null,
      suiteIds: CLIENT_CASES.map((c) => c.id),
      selectedCases: cases.length,
      configFile: null,
    }),
    runs: [implRun],
    ...(signal.aborted ? { interrupted: { notRun: cases.length - implRun.cases.length } } : {}),
  };
  if (options.reportDir !== null) await writeRunReports(doc, { dir: options.reportDir, root: config.reportsRoot }, config.formats, console);
  const code = exitCodeFor(baselineWritten ? [] : [implRun], { interrupted: signal.aborted });
  console.summary(formatSummary(implRun.cases, doc.interrupted?.notRun), code === EXIT.OK);
  return code;
}
