// `replay`'s work: the cases of scenario files (findings written by fuzz, or any file in the
// suite's format) run with the normal runner and the normal deadlines.
import { runSuite } from '../cases/run-suite.js';
import type { HarnessConfig } from '../config.js';
import type { LaunchSpec } from '../launch/implementation.js';
import { loadSuiteImages } from '../model/suite-images.js';
import { formatCheckLine, formatHeader, formatSummary, type ConsoleOut } from '../report/console.js';
import { readScenarioFile, toCheck } from '../scenarios/load.js';
import { EXIT } from '../verdicts/exit-codes.js';
import { countByStatus } from '../verdicts/result.js';

/** Reads every file's cases (a bad file throws PC_SCENARIO before anything runs). */
export function readReplayChecks(files: readonly string[]) {
  return files.flatMap((file) => readScenarioFile(file).cases.map(toCheck));
}

export async function runReplay(checks: ReturnType<typeof readReplayChecks>, spec: LaunchSpec, config: HarnessConfig, out: ConsoleOut, signal: AbortSignal): Promise<number> {
  const images = await loadSuiteImages();
  const socket = spec.socket.kind === 'stdin' ? 'stdin' : `fd ${spec.socket.fd}`;
  out.write(formatHeader({ implementation: { executable: spec.executable, args: [...spec.args], socket, protocolVersion: null } }));
  const run = await runSuite({ spec, checks, images, config, signal, onResult: (r) => out.write(formatCheckLine(r)) });
  if (run.preflightError) out.write(`the implementation could not be initialized: ${run.preflightError}`);
  out.write(formatSummary(run.results));
  if (signal.aborted) return EXIT.INTERRUPTED;
  const c = countByStatus(run.results);
  if (c['harness-error'] > 0) return EXIT.HARNESS_ERROR;
  return c.fail + c.hang + c.crash > 0 ? EXIT.FAILED : EXIT.OK;
}
