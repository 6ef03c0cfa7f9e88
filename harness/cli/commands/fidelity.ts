// `proxy-conformance fidelity --impl SKOPEO`: how faithfully the reference proxy (which the client
// role serves) behaves like a real release, case by case over the server suite.
import type { Command } from 'commander';
import { runReportingErrors } from '../command-errors.js';
import { cwdOf, makeSubcommand, type CommandIo } from '../command-io.js';
import { addOptions } from '../options/option-table.js';
import { normalizeRunOptions, type RunFlags } from '../options/run-options.js';
import { FIDELITY_DRIVER } from '../run/fidelity-driver.js';
import { runRole } from '../run/run-role.js';

export function makeFidelityCommand(io: CommandIo): Command {
  const command = makeSubcommand('fidelity', io)
    .description('run every server case against a real implementation (--impl) and the reference proxy at the protocol version it answers, and fail each case whose sessions differ (specs/fidelity/ records the differences of each skopeo release)');
  addOptions(command, ['impl', 'implArg', 'sockfd', 'timeout', 'hangTimeout', 'progressTimeout', 'run', 'skip', 'level', 'failOn', 'shard', 'seed', 'jobs', 'baseline', 'updateBaseline', 'registryBin', 'registry', 'config', 'reportDir', 'report', 'format', 'quiet', 'color'], {
    baseline: 'gate on the recorded differences in FILE (e.g. specs/fidelity/skopeo-1.22.0.json)',
  });
  return command.action((flags: RunFlags) => runReportingErrors('fidelity', io, () => runRole(FIDELITY_DRIVER, normalizeRunOptions(flags, cwdOf(io)), io)));
}
