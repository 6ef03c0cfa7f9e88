// `proxy-conformance replay FILE...`: runs the cases of scenario files (fuzz's findings, or any file in
// the suite's format) as a server run of those cases, through the one run every role goes through:
// the same console, the same exit codes. A finding is replayed to see it fail, so every failure
// counts, whatever its level; no report files unless --report-dir names a folder. --coverage DIR (and
// its companions) measure what the replayed cases run of a Go cover build, as for the run.
import type { Command } from 'commander';
import { DEFAULT_CONFIG } from '../../config.js';
import { resolveTarget } from '../../launch/resolve-target.js';
import { readScenarioChecks } from '../../scenarios/load.js';
import { runReportingErrors } from '../command-errors.js';
import { cwdOf, makeSubcommand, type CommandIo } from '../command-io.js';
import { addCoverageOptions, coverageSettingsOf, type CoverageFlags } from '../options/coverage-options.js';
import { mergedOptions } from '../options/merged-options.js';
import { addOptions } from '../options/option-table.js';
import { runRole } from '../run/run-role.js';
import { SERVER_DRIVER } from '../run/server-driver.js';
import { addTargetOptions, targetOf, type TargetFlags } from './target-options.js';

interface ReplayFlags extends TargetFlags, CoverageFlags {
  timeout?: number;
  reportDir?: string;
  quiet?: boolean;
  color?: boolean;
}

/** The `replay` subcommand. */
export function makeReplayCommand(io: CommandIo): Command {
  const command = makeSubcommand('replay', io)
    .description('run the cases of scenario files (e.g. reports/<run>/findings/*.json) with the normal runner')
    .argument('<files...>', 'scenario files');
  addTargetOptions(command, `how long to wait for each reply (default: ${DEFAULT_CONFIG.timeouts.callMs})`);
  addOptions(command, ['reportDir', 'quiet', 'color'], { reportDir: 'write results.json and the other reports to DIR (default: none)' });
  addCoverageOptions(command);
  return command.action((files: string[], _options: unknown, self: Command) =>
    runReportingErrors(
      'replay',
      io,
      async () => {
        // Merged with the parent's: `proxy-conformance --coverage DIR replay FILE` measures too.
        const flags = mergedOptions<ReplayFlags>(self);
        const coverage = coverageSettingsOf(flags, cwdOf(io));
        const checks = readScenarioChecks(files);
        // The server role with the files' cases for its suite; skopeo is never silently replaced by the built-in proxy.
        const driver = { ...SERVER_DRIVER, cases: () => checks, targets: (options: { targets: ReturnType<typeof targetOf>[] }) => options.targets.map((t) => resolveTarget(t, { withoutSkopeo: 'refuse' })) };
        return runRole(driver, {
          targets: [targetOf(flags)],
          run: [],
          skip: [],
          failOn: 'INFO',
          reportDir: flags.reportDir ?? null,
          ...(flags.timeout !== undefined ? { timeout: flags.timeout } : {}),
          ...(flags.quiet ? { quiet: true } : {}),
          ...(flags.color === false ? { color: false } : {}),
          ...(coverage ? { coverage } : {}),
        }, io);
      },
      ['PC_SCENARIO'],
    ),
  );
}
