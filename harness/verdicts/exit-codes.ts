// Exit codes, documented in --help and the README.
export const EXIT = {
  /** Every check passed (or was not applicable). */
  OK: 0,
  /** At least one check failed, hung or crashed the implementation (with --baseline: an outcome differs from its record). */
  FAILED: 1,
  /** The command line or an input file is wrong. */
  USAGE: 2,
  /** The harness itself could not do its job (fixtures, addon, internal fault). */
  HARNESS_ERROR: 3,
  /** With --baseline: every outcome matched, but a recorded failure now passes (update the baseline). */
  STALE_BASELINE: 4,
  /** With --baseline: the baseline names a case id the suite does not have. */
  UNKNOWN_BASELINE_ID: 5,
  /** Interrupted (Ctrl-C): everything was torn down. */
  INTERRUPTED: 130,
} as const;
