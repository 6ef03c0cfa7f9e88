// The main job: resolve the implementations, build the fixture, run the selected cases against each,
// gate on baselines, write the report directory, print, and return the exit code.
import { dir as makeTempDir } from 'tmp-promise';
import { runSuite } from '../../cases/run-suite.js';
import { selectChecks } from '../../cases/select.js';
import { loadSuite } from '../../cases/suite.js';
import { loadSuiteImages } from '../../model/suite-images.js';
import { withRunRegistry } from '../../registry/run-registry.js';
import { sayRegistry } from './say-registry.js';
import { resolveConfig } from '../../config.js';
import { compareToBaseline, readBaseline } from '../../verdicts/baseline.js';
import { loadKnownOutcomes } from '../../verdicts/known-deviations.js';
import type { VerdictStatus } from '../../verdicts/verdict.js';
import type { SocketMode } from '../../launch/implementation.js';
import { describeDefaultTarget, makeLaunchSpec, resolveTarget } from '../../launch/resolve-target.js';
import { readVersionString } from '../../launch/version-string.js';
import { describeEnvironment, makeRunConfiguration, toImplementationRun } from '../../report/build.js';
import { ConsoleReporter, formatHeader, formatSummary, type ConsoleOut } from '../../report/console.js';
import { RESULTS_FORMAT, type ImplementationRun, type ReportDocument } from '../../report/model.js';
import { HarnessError } from '../../errors.js';
import { EXIT, exitCodeFor } from '../../verdicts/exit-codes.js';
import type { RunOptions } from '../options/run-options.js';
import { RunCoverage, withCoverageDirs } from '../../coverage/run-coverage.js';
import { rerunFlaky } from './rerun-flaky.js';
import { writeBaseline } from './update-baseline.js';
import { writeRunReports } from './write-reports.js';

export async function runConformance(options: RunOptions, out: ConsoleOut, signal: AbortSignal): Promise<number> {
  const console = new ConsoleReporter(out, { ...(options.quiet !== undefined ? { quiet: options.quiet } : {}), ...(options.color !== undefined ? { color: options.color } : {}) });
  if (options.updateBaseline && !options.targets.some((t) => t.baseline !== undefined)) {
    throw new HarnessError('PC_USAGE', '--update-baseline needs --baseline FILE to write');
  }
  const targets = options.targets.map((t) => {
    const resolved = resolveTarget(t, { withoutSkopeo: 'built-in' });
    const notice = describeDefaultTarget(resolved);
    // The fallback to the built-in proxy is said even with --quiet: it changes what was tested.
    if (notice !== null && resolved.found === 'built-in') console.line(notice);
    else if (notice !== null) console.info(notice);
    return resolved;
  });
  const config = resolveConfig({
    timeouts: {
      ...(options.timeout !== undefined ? { callMs: options.timeout } : {}),
      ...(options.hangTimeout !== undefined ? { payloadMs: options.hangTimeout } : {}),
    },
    ...(options.jobs !== undefined ? { jobs: options.jobs } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.formats !== undefined ? { formats: options.formats } : {}),
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
  const jobs = config.jobs;
  const startedAt = new Date().toISOString();
  const started = performance.now();
  // The registry runs only when a selected case reads a registry image; it and its storage go at the end.
  return withRunRegistry(options.registry ?? {}, checks, async (registry, registryCases) => {
    const temp = await makeTempDir({ prefix: 'proxy-conformance-', unsafeCleanup: true });
    const runs: ImplementationRun[] = [];
    const gated: ImplementationRun[] = [];
    const coverage = options.coverage ? new RunCoverage(options.coverage) : undefined;
    try {
      const images = await loadSuiteImages({ seed: options.seed, registry: registry.running ?? undefined });
      sayRegistry(console, registry.state, registryCases);
      for (const [i, target] of targets.entries()) {
        if (signal.aborted) break;
        const baseline = baselines[i];
        const coverageDirs = coverage?.forImplementation(target.label);
        const spec = withCoverageDirs(await makeLaunchSpec(target, temp.path), coverageDirs);
        const versionString = await readVersionString(target.executable, signal);
        const known = loadKnownOutcomes(versionString);
        const header = formatHeader({ implementation: { executable: target.executable, args: spec.executable === process.execPath ? spec.args.slice(1) : [...spec.args], socket: describeSocket(spec.socket), protocolVersion: null, versionString } });
        console.implementationStarted(header, checks.length);
        let run = await runSuite({
          spec,
          checks,
          images,
          registry: registry.state,
          config,
          signal,
          jobs,
          onStart: (check) => console.caseStarted(check.id),
          onResult: (result) => console.caseFinished(result, baseline?.cases[result.id]?.status !== result.verdict.status),
        });
        const attempts = new Map<string, VerdictStatus[]>();
        if (baseline !== undefined) run = await rerunFlaky(run, baseline, attempts, { spec, checks, images, config, signal, registry: registry.state });
        const comparison = baseline ? compareToBaseline(run.results, baseline, new Set(suite.map((s) => s.id))) : undefined;
        const implRun = toImplementationRun(
          run,
          target.label,
          versionString,
          baseline && comparison && target.baseline ? { file: target.baseline, baseline, comparison } : undefined,
          known,
        );
        for (const c of implRun.cases) {
          const before = attempts.get(c.id);
          if (before) c.attempts = before;
        }
        if (coverage && coverageDirs) implRun.coverage = await coverage.finish(coverageDirs, target.label, (line) => console.line(line));
        runs.push(implRun);
        console.implementationFinished(implRun);
        if (options.updateBaseline && target.baseline !== undefined) {
          await writeBaseline(target.baseline, run, console, known);
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
        configuration: makeRunConfiguration({
          fixtureSeed: config.seed,
          timeouts: config.timeouts,
          jobs,
          run: options.run,
          skip: options.skip,
          level: options.level ?? null,
          shard: options.shard ?? null,
          suiteIds: suite.map((c) => c.id),
          selectedCases: checks.length,
          configFile: options.configFile ?? null,
        }),
        runs,
        ...(signal.aborted ? { interrupted: { notRun: checks.length * targets.length - runs.reduce((n, r) => n + r.cases.length, 0) } } : {}),
      };
      if (options.reportDir !== null && runs.length > 0) await writeRunReports(doc, { dir: options.reportDir, root: config.reportsRoot }, config.formats, console);
      const all = runs.flatMap((r) => r.cases);
      const code = exitCodeFor(gated, { interrupted: signal.aborted });
      const prefix = runs.length > 1 ? `${runs.length} implementations: ` : '';
      console.summary(`${prefix}${formatSummary(all, doc.interrupted?.notRun)}`, code === EXIT.OK);
      return code;
    } finally {
      await temp.cleanup();
    }
  });
}

function describeSocket(socket: SocketMode): string {
  return socket.kind === 'stdin' ? 'stdin' : `fd ${socket.fd} (--sockfd ${socket.fd})`;
}

