// `proxy-conformance replay FILE...`: runs the cases of scenario files with the normal runner.
import type { Command } from 'commander';
import { resolveConfig } from '../../config.js';
import { readReplayChecks, runReplay } from '../../fuzz/run-replay.js';
import { resolveTarget, withLaunchSpec } from '../../launch/resolve-target.js';
import { runReportingErrors } from '../command-errors.js';
import { makeSubcommand, type CommandIo } from '../command-io.js';
import { mergedOptions } from '../options/merged-options.js';
import { addTargetOptions, targetOf, type TargetFlags } from './target-options.js';

/** The `replay` subcommand. */
export function makeReplayCommand(io: CommandIo): Command {
  const command = makeSubcommand('replay', io)
    .description('run the cases of scenario files (e.g. reports/<run>/findings/*.json) with the normal runner')
    .argument('<files...>', 'scenario files');
  addTargetOptions(command);
  return command.action((files: string[], _options: unknown, self: Command) =>
    runReportingErrors(
      'replay',
      io,
      async () => {
        const flags = mergedOptions<TargetFlags & { timeout?: number }>(self);
        const checks = readReplayChecks(files);
        const config = resolveConfig(flags.timeout !== undefined ? { timeouts: { callMs: flags.timeout } } : {});
        return withLaunchSpec(resolveTarget(targetOf(flags), { withoutSkopeo: 'refuse' }), (spec) => runReplay(checks, spec, config, io.out, io.signal));
      },
      ['PC_SCENARIO'],
    ),
  );
}
