// Every default in one place: the CLI, the tests and the benchmarks all resolve through here.

export interface Timeouts {
  /** Wait for one reply. */
  callMs: number;
  /** Wait for a payload pipe to reach EOF once FinishPipe was sent. */
  payloadMs: number;
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

export const DEFAULT_CONFIG: HarnessConfig = {
  timeouts: { callMs: 5000, payloadMs: 30_000, exitMs: 2000, termMs: 1000 },
  payloadLimitBytes: 1024 * 1024 * 1024,
};

export interface ConfigOverrides {
  timeouts?: Partial<Timeouts>;
  payloadLimitBytes?: number;
}

export function resolveConfig(overrides: ConfigOverrides = {}): HarnessConfig {
  return {
    timeouts: { ...DEFAULT_CONFIG.timeouts, ...overrides.timeouts },
    payloadLimitBytes: overrides.payloadLimitBytes ?? DEFAULT_CONFIG.payloadLimitBytes,
  };
}
