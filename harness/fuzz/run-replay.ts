// `replay`'s work: the cases of scenario files (findings written by fuzz, or any file in the
// suite's format) run with the normal runner and the normal deadlines.
import { runSuite } from '../run/run-suite.js';
import type { HarnessConfig } from '../config.js';
import type { LaunchSpec } from '../launch/implementation.js';
import { loadSuiteImages } from '../images/suite-images.js';
import { formatCheckLine, formatHeader, formatSummary, type ConsoleOut } from '../report/console.js';
import { readScenarioFile, toCheck } from '../scenarios/load.js';
import { exitCodeFor } from '../verdicts/exit-codes.js';

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
  // A finding is replayed to see it fail: every failure counts, whatever the case's level.
  return exitCodeFor([{ cases: run.results, baseline: null }], { interrupted: signal.aborted, failOn: 'INFO' });
}
