// Every default in one place: the CLI, the tests and the benchmarks all resolve through here.
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { DEFAULT_SEED } from './fixtures/build-fixtures.js';
import { REPORT_FORMATS, type ReportFormat } from './report/reporters.js';

export interface Timeouts {
  /** Wait for one reply. */
  callMs: number;
  /** Wait for a payload pipe to reach EOF once FinishPipe was sent. */
  payloadMs: number;
  /**
   * callMs and payloadMs are idle deadlines: progress (a reply, a pipe byte, an upstream request)
   * restarts them. This bounds a wait that keeps progressing; past it, the verdict says what moved.
   */
  progressMs: number;
  /** Wait for the process to exit after Shutdown or EOF. */
  exitMs: number;
  /** Wait after SIGTERM before SIGKILL. */
  termMs: number;
}

export interface HarnessConfig {
  timeouts: Timeouts;
  /** Most bytes a payload may carry before the reader gives up (an endless writer). */
  payloadLimitBytes: number;
}

/** A whole run's settings: how each case runs, and how many, from which fixtures, into which reports. */
interface RunConfig extends HarnessConfig {
  /** Cases run at once, each with its own implementation process. */
  jobs: number;
  /** The fixture seed. */
  seed: number;
  /** Report formats written into the report directory. */
  formats: ReportFormat[];
  /** Where report directories are made when none is named. */
  reportsRoot: string;
}

/** Where report directories and files go unless a command is told otherwise. */
const REPORTS_ROOT = 'reports';

export const DEFAULT_CONFIG: HarnessConfig = {
  timeouts: { callMs: 5000, payloadMs: 30_000, progressMs: 120_000, exitMs: 2000, termMs: 1000 },
  payloadLimitBytes: 1024 * 1024 * 1024,
};

/** Short deadlines for runs against faults: a fault that hangs must not cost the default 5 and 30 s per case. */
export const MUTATION_TIMEOUTS: Timeouts = { callMs: 1500, payloadMs: 3000, progressMs: 6000, exitMs: 1000, termMs: 500 };

/** `fuzz` without --fuzz-time, --shrink-time, --runs or --jobs. */
export const FUZZ_DEFAULTS = {
  fuzzMs: 60_000,
  shrinkMs: 15_000,
  /** Without --fuzz-time, --runs alone bounds the run. */
  runs: 1000,
  jobs: 1,
  /** Sequences one implementation process serves, each after the last released what it left open. */
  sequencesPerSession: 100,
};

/** `fault-detection` without --seeds, --conformance-time, --adversarial-time or --out. */
export const FAULT_DETECTION_DEFAULTS = {
  seeds: 3,
  conformanceMs: 20_000,
  adversarialMs: 40_000,
  out: path.join(REPORTS_ROOT, 'fault-detection.json'),
};

interface ConfigOverrides {
  timeouts?: Partial<Timeouts>;
  payloadLimitBytes?: number;
  jobs?: number;
  seed?: number;
  formats?: readonly ReportFormat[];
}

export function resolveConfig(overrides: ConfigOverrides = {}): RunConfig {
  return {
    timeouts: { ...DEFAULT_CONFIG.timeouts, ...overrides.timeouts },
    payloadLimitBytes: overrides.payloadLimitBytes ?? DEFAULT_CONFIG.payloadLimitBytes,
    jobs: overrides.jobs ?? Math.min(2, availableParallelism()),
    seed: overrides.seed ?? DEFAULT_SEED,
    formats: [...(overrides.formats ?? REPORT_FORMATS)],
    reportsRoot: REPORTS_ROOT,
  };
}

/** The CI variable is set, as CI services set it: `CI=0`, `CI=false` and an empty value say it is not CI. */
export function isCiEnvironment(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}
