// Harness faults and misuse, as data with stable codes. An implementation's misbehaviour is never
// thrown: it becomes a finding.

export type HarnessErrorCode =
  | 'PC_USAGE'
  | 'PC_CONFIG'
  | 'PC_IMPL_NOT_FOUND'
  | 'PC_IMPL_NOT_EXECUTABLE'
  | 'PC_NO_IMPLEMENTATION'
  | 'PC_SPAWN_FAILED'
  | 'PC_FIXTURE_FAILED'
  | 'PC_SCENARIO'
  | 'PC_BASELINE'
  | 'PC_INTERNAL';

export class HarnessError extends Error {
  readonly code: HarnessErrorCode;
  constructor(code: HarnessErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HarnessError';
    this.code = code;
  }
}

export function isHarnessError(error: unknown): error is HarnessError {
  return error instanceof HarnessError;
}

/** True when `error` is the rejection of an aborted wait (deadline or cancellation). */
export function isAbortError(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'AbortError' || error.name === 'TimeoutError' || (error as { code?: string }).code === 'ABORT_ERR')
  );
}

/**
 * The reason of an abort that only ends what is over (a read done, a session ended): made once, as
 * abort() without a reason makes a DOMException, stack trace and all, each time (a fuzz run aborts
 * thousands).
 */
export const WAIT_OVER = new DOMException('the wait is over', 'AbortError');
