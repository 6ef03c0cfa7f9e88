// `proxy-conformance replay FILE...`: runs the cases of scenario files (findings written by fuzz,
// or any file in the suite's format) with the normal runner and the normal deadlines.
import { Command } from 'commander';
import { runSuite } from '../cases/run-suite.js';
import { loadSuiteImages } from '../model/suite-images.js';
import { EXIT } from '../verdicts/exit-codes.js';
import { resolveConfig } from '../config.js';
import { isHarnessError } from '../errors.js';
import { countByStatus } from '../verdicts/result.js';
import { formatCheckLine, formatHeader, formatSummary } from '../report/console.js';
import { readScenarioFile, toCheck } from '../scenarios/load.js';
import type { PropertyCommandIo } from './fuzz-command.js';
import { withLaunchSpec, type ImplOptions } from './launch-spec.js';
import { addImplOptions, mergedOptions } from './options.js';

/** The `replay` subcommand, to be added to the main program with `addCommand`. */
export function makeReplayCommand(io: PropertyCommandIo): Command {
  const command = new Command('replay')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out.write(s.replace(/\n$/, '')), writeErr: (s) => io.err.write(s.replace(/\n$/, '')) })
    .description('run the cases of scenario files (e.g. reports/<run>/findings/*.json) with the normal runner')
    .argument('<files...>', 'scenario files');
  addImplOptions(command);
  return command.action(async (files: string[], _options: unknown, self: Command) => {
    const options = mergedOptions<ImplOptions & { timeout?: number }>(self);
    try {
      io.setExitCode(await runReplay(files, options, io));
    } catch (error) {
      if (!isHarnessError(error)) throw error;
      io.err.write(`replay: ${error.message}`);
      io.setExitCode(error.code === 'PC_SCENARIO' || error.code.startsWith('PC_IMPL') || error.code === 'PC_NO_IMPLEMENTATION' ? EXIT.USAGE : EXIT.HARNESS_ERROR);
    }
  });
}

export async function runReplay(files: readonly string[], options: ImplOptions & { timeout?: number }, io: PropertyCommandIo): Promise<number> {
  const checks = files.flatMap((file) => readScenarioFile(file).cases.map(toCheck));
  const config = resolveConfig(options.timeout !== undefined ? { timeouts: { callMs: options.timeout } } : {});
  return withLaunchSpec(options, async (spec) => {
    const images = await loadSuiteImages();
    const socket = spec.socket.kind === 'stdin' ? 'stdin' : `fd ${spec.socket.fd}`;
    io.out.write(formatHeader({ implementation: { executable: spec.executable, args: [...spec.args], socket, protocolVersion: null } }));
    const run = await runSuite({ spec, checks, images, config, signal: io.signal, onResult: (r) => io.out.write(formatCheckLine(r)) });
    if (run.preflightError) io.out.write(`the implementation could not be initialized: ${run.preflightError}`);
    io.out.write(formatSummary(run.results));
    if (io.signal.aborted) return EXIT.INTERRUPTED;
    const c = countByStatus(run.results);
    if (c['harness-error'] > 0) return EXIT.HARNESS_ERROR;
    return c.fail + c.hang + c.crash > 0 ? EXIT.FAILED : EXIT.OK;
  });
}
