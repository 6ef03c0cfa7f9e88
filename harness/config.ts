// Every default in one place, on the ground floor (it imports nothing of the harness): the CLI, the
// tests and the benchmarks all resolve a run's settings through here.
import { availableParallelism } from 'node:os';
import path from 'node:path';

/** The fixture seed when none is given. */
export const DEFAULT_SEED = 20240101;

/**
 * The role the main command plays: the harness as the client, judging proxies. results.json names
 * every other role a run played (its driver's name) and leaves this one unsaid.
 */
export const DEFAULT_ROLE = 'server';

/** Without --fail-on: every failure fails the run. */
export const DEFAULT_FAIL_ON = 'INFO' as const;

/**
 * The newest protocol version, which skopeo 1.20.0 speaks: the reference proxy's default and the
 * newest it implements, and what the client role's stand-in speaks for a case that names none.
 */
export const DEFAULT_PROTOCOL_VERSION = '0.2.8';

/** A client case's proxy when the case names no other: the newest protocol version, no fault. */
export const DEFAULT_CLIENT_PROFILE: { readonly protocolVersion: string; readonly faults: readonly never[] } = { protocolVersion: DEFAULT_PROTOCOL_VERSION, faults: [] };

/** The report formats a run can write, in the order they are listed (report/reporters.ts renders each). */
export const REPORT_FORMATS = ['json', 'junit', 'markdown', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

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
  /**
   * Most bytes of a payload kept in memory for a check that needs them (golden bytes, JSON); the rest
   * are only counted and hashed as they are read, so a payload's memory is bounded whatever its size.
   */
  keptPayloadBytes: number;
}

/** A whole run's settings: how each case runs, and how many, from which fixtures, into which reports. */
export interface RunConfig extends HarnessConfig {
  /** Cases run at once, each in a session of its own (its own implementation process, or a hosted session). */
  jobs: number;
  /** The fixture seed. */
  seed: number;
  /** Report formats written into the report directory. */
  formats: ReportFormat[];
  /** Where report directories are made when none is named. */
  reportsRoot: string;
  /** Client role: how long the client may run per case before it is a hang. */
  clientMs: number;
}

/** Where report directories and files go unless a command is told otherwise. */
const REPORTS_ROOT = 'reports';

export const DEFAULT_CONFIG: HarnessConfig = {
  timeouts: { callMs: 5000, payloadMs: 30_000, progressMs: 120_000, exitMs: 2000, termMs: 1000 },
  payloadLimitBytes: 1024 * 1024 * 1024,
  // Manifests and configs, the payloads judged as bytes or JSON, are refused by clients above 4 MiB.
  keptPayloadBytes: 4 * 1024 * 1024,
};

/** `client -- CMD` without --client-timeout: how long the client may run per case. */
export const DEFAULT_CLIENT_TIMEOUT_MS = 20_000;

/** The registry's idle timeout in a client case: a stall fails long before the client's deadline. */
export const CLIENT_REGISTRY_IDLE_MS = 1000;

/**
 * A case takes some 40 ms; one still running after a second is waiting out a deadline (a hang
 * costs the whole reply or payload timeout) and runs beside the job limit, a few at most.
 */
export const WAITING_CASES = { afterMs: 1000, most: 8 };

/** `fuzz` and fault detection without --timeout: a reply later than this is a hang. */
export const DEFAULT_HANG_MS = 1000;

/**
 * Fuzz's deadlines beside the hang timeout (which bounds every other wait): the first reply, process
 * start included, gets the default reply deadline; exits and kills need less, since nothing runs after
 * a verdict.
 */
export const FUZZ_TIMEOUTS = { startupMs: DEFAULT_CONFIG.timeouts.callMs, mostExitMs: 1000, termMs: 250 };

/** Short deadlines for runs against faults: a fault that hangs must not cost the default 5 and 30 s per case. */
export const MUTATION_TIMEOUTS: Timeouts = { callMs: 1500, payloadMs: 3000, progressMs: 6000, exitMs: 1000, termMs: 500 };

/**
 * `mutation-score`: sessions at once per job, and faults scored at once. A hosted session costs
 * little CPU and most of a fault's run is waiting (on hangs, exits and teardowns); spawned processes
 * stay at one per job. Three faults at once scored the 83-fault table in 146 s on two vCPUs where
 * two took 162 s, at the same CPU (260 CPU-s): the third fills the other two's waits.
 */
export const MUTATION_PARALLELISM = { sessionsPerJob: 4, faultsAtOnce: 3 };

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

/** --coverage without --coverage-files: the proxy's own source file in skopeo's tree. */
export const DEFAULT_FILES_OF_INTEREST = 'cmd/skopeo/proxy.go';

/** `fault-detection` without --seeds, --conformance-time, --adversarial-time or --out. */
export const FAULT_DETECTION_DEFAULTS = {
  seeds: 3,
  conformanceMs: 20_000,
  adversarialMs: 40_000,
  out: path.join(REPORTS_ROOT, 'fault-detection.json'),
};

export interface ConfigOverrides {
  timeouts?: Partial<Timeouts>;
  clientMs?: number;
  payloadLimitBytes?: number;
  keptPayloadBytes?: number;
  jobs?: number;
  seed?: number;
  formats?: readonly ReportFormat[];
}

export function resolveConfig(overrides: ConfigOverrides = {}): RunConfig {
  return {
    timeouts: { ...DEFAULT_CONFIG.timeouts, ...overrides.timeouts },
    payloadLimitBytes: overrides.payloadLimitBytes ?? DEFAULT_CONFIG.payloadLimitBytes,
    keptPayloadBytes: overrides.keptPayloadBytes ?? DEFAULT_CONFIG.keptPayloadBytes,
    jobs: overrides.jobs ?? Math.min(2, availableParallelism()),
    seed: overrides.seed ?? DEFAULT_SEED,
    formats: [...(overrides.formats ?? REPORT_FORMATS)],
    reportsRoot: REPORTS_ROOT,
    clientMs: overrides.clientMs ?? DEFAULT_CLIENT_TIMEOUT_MS,
  };
}

/** The CI variable is set, as CI services set it: `CI=0`, `CI=false` and an empty value say it is not CI. */
export function isCiEnvironment(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}
