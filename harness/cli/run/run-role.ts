// The one run every role goes through: console, selection, baselines, the registry and images, each
// target's cases, flaky re-runs, the baseline comparison and known deviations, the report document,
// the report files and the exit code. A RoleDriver holds only what differs between roles: its
// cases, its targets, how it names one and how a case runs against it. Adding a role is one driver
// file and one line in the subcommand table.
import { DEFAULT_ROLE, type RunConfig } from '../../config.js';
import type { RoleSubject } from '../../run/run-suite.js';
import { runSubject } from '../../run/run-suite.js';
import { expectedToWait } from '../../run/expected-waits.js';
import { selectCases } from '../../run/select.js';
import { HarnessError } from '../../errors.js';
import type { CaseDefinition } from '../../model/case.js';
import { loadSuiteImages, type SuiteImages } from '../../images/suite-images.js';
import { withRunRegistry, type RunRegistry } from '../../registry/run-registry.js';
import { describeEnvironment, makeRunConfiguration, toImplementationRun } from '../../report/build.js';
import { ConsoleReporter, formatHeader, formatSummary, type ConsoleOut } from '../../report/console.js';
import { RESULTS_FORMAT, type ImplementationRun, type ReportDocument, type RunConfiguration } from '../../report/model.js';
import { compareToBaseline, readBaseline } from '../../verdicts/baseline.js';
import { EXIT, exitCodeFor } from '../../verdicts/exit-codes.js';
import type { KnownOutcomes } from '../../verdicts/known-deviations.js';
import type { ImplementationInfo, RunResult } from '../../verdicts/result.js';
import type { VerdictStatus } from '../../verdicts/verdict.js';
import { resolveRunConfig, type RunOptions } from '../options/run-options.js';
import { rerunFlaky } from './rerun-flaky.js';
import { sayRegistry, sayRegistryStarting } from './say-registry.js';
import { writeBaseline, type BaselineSubject } from './update-baseline.js';
import { RunCoverage } from '../../coverage/run-coverage.js';
import type { ProcessCoverageDirs } from '../../coverage/process-dirs.js';
import { validateRunOutputs } from './validate-run.js';
import { DEFAULT_FAIL_ON, describeGate } from '../../verdicts/fail-on.js';
import { writeReports, writeRunReports } from './write-reports.js';
import { makeOwnedTempDir } from '../../files/owned-temp-dir.js';

/** One thing a run judges: an implementation, a client command. */
export interface RoleTarget {
  /** Its name in the console and the report. */
  label: string;
  /** The baseline file gating it (written with --update-baseline). */
  baseline?: string | undefined;
}

/** What the run shares with a driver while it runs one target. */
export interface RoleContext {
  config: RunConfig;
  images: SuiteImages;
  registry: RunRegistry;
  /** A temp dir the run removes at its end. */
  tempDir: string;
  signal: AbortSignal;
  console: ConsoleReporter;
  /** --coverage DIR: where the target's processes write Go coverage counters, if asked. */
  coverage?: RunCoverage;
}

/** A target as the driver made it ready: what its cases run against, and how it is named. */
export interface DescribedTarget {
  subject: RoleSubject;
  /** The console's header line before its cases (see formatHeader). */
  header: Omit<ImplementationInfo, 'protocolVersion' | 'role'>;
  /** What the target says of its own version (`skopeo --version`), or null. */
  versionString: string | null;
  /** The release's shipped record of known deviations, or null. */
  known: KnownOutcomes | null;
  /** The counters' dirs of this target's processes, when the run collects coverage and the role launches them. */
  coverageDirs?: ProcessCoverageDirs;
  /** Ends what the target holds for its run (the fidelity role's session hosts), once its cases and re-runs are done. */
  close?(): Promise<void>;
}

export interface RoleDriver<T extends RoleTarget = RoleTarget> {
  /** What the harness plays: results.json records it as each run's role (unsaid for DEFAULT_ROLE). */
  readonly name: string;
  /** The role's whole suite, in order: the cases selection chooses from and baselines name. */
  cases(): readonly CaseDefinition<never>[];
  /** What the run judges, checked before anything runs; `console` says what was chosen for the user. */
  targets(options: RunOptions, console: ConsoleReporter): T[];
  /** Makes one target ready to run: its subject (preflight and role), its header and version. */
  describe(target: T, context: RoleContext): Promise<DescribedTarget>;
  /** What results.json records of the run's timeouts, when the role has its own besides the harness's (default: config.timeouts). */
  reportedTimeouts?(config: RunConfig): RunConfiguration['timeouts'];
}

export interface RoleIo {
  out: ConsoleOut;
  /** Where a report or baseline that could not be written is said (default: the console). */
  err?: { write(text: string): void };
  signal: AbortSignal;
  /** Called as the summary line is printed: from then on an interrupt leaves the outcome, and the exit code, as they are. */
  settled?(): void;
}

export async function runRole<T extends RoleTarget>(driver: RoleDriver<T>, options: RunOptions, io: RoleIo): Promise<number> {
  const { signal } = io;
  const console = new ConsoleReporter(io.out, { ...(options.quiet !== undefined ? { quiet: options.quiet } : {}), ...(options.color !== undefined ? { color: options.color } : {}) });
  const targets = driver.targets(options, console);
  if (options.updateBaseline && !targets.some((t) => t.baseline !== undefined)) throw new HarnessError('PC_USAGE', '--update-baseline needs --baseline FILE to write');
  const config = resolveRunConfig(options);
  await validateRunOutputs({ reportDir: options.reportDir, reportsRoot: config.reportsRoot, baselines: targets.map((t) => t.baseline), updateBaseline: options.updateBaseline === true });
  const suite = driver.cases();
  const suiteIds = suite.map((c) => c.id);
  const cases = selectCases(suite, {
    run: options.run,
    skip: options.skip,
    ...(options.level !== undefined ? { level: options.level } : {}),
    ...(options.shard !== undefined ? { shard: options.shard } : {}),
  });
  // Read every baseline before running anything: a bad file is a usage error, not a late surprise.
  const baselines = targets.map((t) => (t.baseline !== undefined && !options.updateBaseline ? readBaseline(t.baseline) : undefined));
  // Every target's run records the role as the driver names it; the default role goes unsaid.
  const role = driver.name === DEFAULT_ROLE ? undefined : driver.name;
  const startedAt = new Date().toISOString();
  const started = performance.now();
  // The registry runs only when a selected case reads a registry image; it and its storage go at the end.
  sayRegistryStarting(console, options.registry ?? {}, cases);
  return withRunRegistry(options.registry ?? {}, cases, async (registry, registryCases) => {
    const temp = await makeOwnedTempDir('proxy-conformance-');
    const runs: ImplementationRun[] = [];
    const gated: ImplementationRun[] = [];
    /** The files the run could not write (a full disk, a read-only one): each a sentence, and the run a harness error. */
    const unwritten: string[] = [];
    try {
      const images = await loadSuiteImages({ seed: config.seed, registry: registry.running ?? undefined, signal });
      // Interrupted meanwhile, the registry may not be ready nor the push done: no case runs to need it.
      if (!signal.aborted) sayRegistry(console, registry.state, registryCases);
      const coverage = options.coverage ? new RunCoverage(options.coverage) : undefined;
      const context: RoleContext = { config, images, registry: registry.state, tempDir: temp.path, signal, console, ...(coverage ? { coverage } : {}) };
      for (const [i, target] of targets.entries()) {
        if (signal.aborted) break;
        const baseline = baselines[i];
        const described = await driver.describe(target, context);
        console.implementationStarted(formatHeader({ implementation: { ...described.header, protocolVersion: null, versionString: described.versionString } }), cases.length);
        const attempts = new Map<string, VerdictStatus[]>();
        let run: RunResult;
        try {
          run = await runSubject(described.subject, cases, {
            signal,
            role,
            jobs: config.jobs,
            startFirst: (c) => expectedToWait(c, baseline?.cases[c.id]?.status),
            onStart: (c) => console.caseStarted(c.id),
            onResult: (result) => console.caseFinished(result, baseline?.cases[result.id]?.status !== result.verdict.status),
          });
          if (baseline !== undefined) run = await rerunFlaky(run, baseline, attempts, (again) => runSubject(described.subject, cases.filter((c) => again.has(c.id)), { signal, role, jobs: 1 }));
        } finally {
          await described.close?.();
        }
        const comparison = baseline ? compareToBaseline(run.results, baseline, new Set(suiteIds)) : undefined;
        const implRun = toImplementationRun(run, target.label, described.versionString, baseline && comparison && target.baseline ? { file: target.baseline, baseline, comparison } : undefined, described.known, attempts);
        if (coverage && described.coverageDirs) implRun.coverage = await coverage.finish(described.coverageDirs, target.label, (line) => console.line(line));
        runs.push(implRun);
        console.implementationFinished(implRun);
        // A baseline that was not written (the implementation never started, the disk is full) leaves the run gated.
        if (!(options.updateBaseline && target.baseline !== undefined && (await writeBaselineOrSay(target.baseline, run, console, { label: target.label, versionString: described.versionString, known: described.known }, unwritten)))) gated.push(implRun);
        if (targets.length > 1) console.line(`${target.label}: ${formatSummary(implRun.cases, implRun.interrupted?.notRun.length)}`);
      }
      const made: ReportDocument = {
        format: RESULTS_FORMAT,
        startedAt,
        durationMs: performance.now() - started,
        environment: describeEnvironment(),
        configuration: makeRunConfiguration({
          fixtureSeed: config.seed,
          timeouts: driver.reportedTimeouts?.(config) ?? config.timeouts,
          jobs: config.jobs,
          run: options.run,
          skip: options.skip,
          level: options.level ?? null,
          failOn: options.failOn ?? DEFAULT_FAIL_ON,
          shard: options.shard ?? null,
          registry: registry.state.kind === 'running' ? 'ran' : registryCases === 0 ? 'not-needed' : 'absent',
          suiteIds,
          selectedCases: cases.length,
          configFile: options.configFile ?? null,
        }),
        runs,
      };
      // An interrupt that comes before the summary line, however late (after the last case, while the
      // reports are written), is said by the line, the reports and the exit code alike.
      const current = () => (signal.aborted ? markInterrupted(made, cases.length * targets.length) : made);
      let doc = current();
      if (options.reportDir !== null && runs.length > 0) {
        try {
          const dir = await writeRunReports(doc, { dir: options.reportDir, root: config.reportsRoot }, config.formats, console);
          if (signal.aborted && doc.interrupted === undefined) await writeReports((doc = current()), dir, config.formats);
        } catch (error) {
          unwritten.push(`the reports could not be written to ${options.reportDir ?? config.reportsRoot} (${(error as Error).message}); any already there are as they were`);
        }
      }
      // From here to the summary line nothing waits: no interrupt can come between the outcome and its line.
      doc = current();
      io.settled?.();
      const interrupted = doc.interrupted !== undefined;
      const code = unwritten.length > 0 && !interrupted ? EXIT.HARNESS_ERROR : exitCodeFor(gated, { interrupted, failOn: options.failOn });
      for (const sentence of unwritten) {
        if (io.err) io.err.write(`proxy-conformance: ${sentence}`);
        else console.line(`proxy-conformance: ${sentence}`);
      }
      const prefix = runs.length > 1 ? `${runs.length} implementations: ` : '';
      const all = runs.flatMap((r) => r.cases);
      console.summary(`${prefix}${formatSummary(all, doc.interrupted?.notRun)}${describeGate(all, options.failOn)}`, code === EXIT.OK);
      return code;
    } finally {
      await temp.remove();
    }
  }, signal);
}

/** The report of a run an interrupt cut short, however late it came: every run in it says so too. */
function markInterrupted(doc: ReportDocument, selected: number): ReportDocument {
  const runs = doc.runs.map((run) => (run.interrupted ? run : { ...run, interrupted: { notRun: [] } }));
  return { ...doc, runs, interrupted: { notRun: selected - runs.reduce((n, r) => n + r.cases.length, 0) } };
}

/** writeBaseline, with a file that could not be written said in `unwritten` (false: not written). */
async function writeBaselineOrSay(file: string, run: RunResult, console: ConsoleReporter, subject: BaselineSubject, unwritten: string[]): Promise<boolean> {
  try {
    return await writeBaseline(file, run, console, subject);
  } catch (error) {
    unwritten.push(`the baseline could not be written to ${file} (${(error as Error).message}); it is as it was`);
    return false;
  }
}
