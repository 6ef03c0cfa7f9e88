// A HarnessError that reaches the command line: a bad command line or input file is a usage error
// (exit 2), anything else the harness failing at its job (exit 3).
import { isHarnessError, type HarnessErrorCode } from '../errors.js';
import { EXIT } from '../verdicts/exit-codes.js';
import { printable } from '../printable.js';
import type { CommandIo } from './command-io.js';

const USAGE_CODES: ReadonlySet<HarnessErrorCode> = new Set(['PC_USAGE', 'PC_CONFIG', 'PC_BASELINE', 'PC_IMPL_NOT_FOUND', 'PC_IMPL_NOT_EXECUTABLE', 'PC_NO_IMPLEMENTATION']);

export function exitCodeOfError(code: HarnessErrorCode, alsoUsage: readonly HarnessErrorCode[] = []): number {
  return USAGE_CODES.has(code) || alsoUsage.includes(code) ? EXIT.USAGE : EXIT.HARNESS_ERROR;
}

/**
 * Runs a subcommand's body and sets its exit code; a HarnessError becomes one line, `NAME: message`.
 * `alsoUsage` names codes that are the user's input there (a scenario file given to replay).
 */
export async function runReportingErrors(name: string, io: CommandIo, body: () => Promise<number> | number, alsoUsage: readonly HarnessErrorCode[] = []): Promise<void> {
  try {
    io.setExitCode(await body());
  } catch (error) {
    if (!isHarnessError(error)) throw error;
    io.err.write(`${name}: ${printable(error.message)}`);
    io.setExitCode(exitCodeOfError(error.code, alsoUsage));
  }
}
