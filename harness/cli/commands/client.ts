// `proxy-conformance client [options] -- CMD [ARGS...]`: the harness plays the proxy and judges the
// client program CMD, run once per client case.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { findOnPath } from '../../launch/resolve-impl.js';
import { HarnessError } from '../../errors.js';
import type { ReportFormat } from '../../report/reporters.js';
import { runReportingErrors } from '../command-errors.js';
import { cwdOf, makeSubcommand, type CommandIo } from '../command-io.js';
import { addOptions } from '../options/option-table.js';
import { asParser, validatePositiveInt } from '../options/validate.js';
import { expandPatternArgs } from '../../cases/select.js';
import { registryChoiceOf, type RunFlags } from '../options/run-options.js';
import { DEFAULT_CLIENT_TIMEOUT_MS, runClientCommand, type ClientRunOptions } from '../run/run-client.js';

/** What commander parses: the run's options as they are, and the ones given in another form. */
type ClientFlags = Pick<ClientRunOptions, 'clientTimeout' | 'run' | 'skip' | 'level' | 'failOn' | 'shard' | 'seed' | 'jobs' | 'updateBaseline' | 'quiet'> & Pick<RunFlags, 'registryBin' | 'registry'> & {
  baseline: string[];
  reportDir?: string;
  report: boolean;
  format?: ReportFormat[];
  color: boolean;
};

export function makeClientCommand(io: CommandIo): Command {
  const command = makeSubcommand('client', io)
    .description('play the proxy and judge a client program: run CMD once per client case, with a `skopeo` stand-in first on its PATH (docs/clients.md)')
    .argument('<cmd>', 'the client program')
    .argument('[args...]', 'its arguments (put -- before CMD when they start with -)')
    .option('--client-timeout <ms>', `how long the client may run per case before it is a hang (default ${DEFAULT_CLIENT_TIMEOUT_MS})`, asParser((v) => validatePositiveInt('--client-timeout', v)));
  addOptions(command, ['run', 'skip', 'level', 'failOn', 'shard', 'seed', 'jobs', 'baseline', 'updateBaseline', 'registryBin', 'registry', 'reportDir', 'report', 'format', 'quiet', 'color'], {
    baseline: 'gate on the recorded outcomes in FILE (e.g. specs/expected/client-skopeo-go-proxy-test.json)',
  });
  return command.action((cmd: string, args: string[], flags: ClientFlags) =>
    runReportingErrors('client', io, () => {
      const cwd = cwdOf(io);
      if (flags.baseline.length > 1) throw new HarnessError('PC_USAGE', '--baseline: a client run takes one baseline file');
      return runClientCommand(
        {
          command: { executable: resolveClientCommand(cmd, cwd), args },
          ...(flags.clientTimeout !== undefined ? { clientTimeout: flags.clientTimeout } : {}),
          run: expandPatternArgs(flags.run, cwd),
          skip: expandPatternArgs(flags.skip, cwd),
          ...(flags.level !== undefined ? { level: flags.level } : {}),
          ...(flags.failOn !== undefined ? { failOn: flags.failOn } : {}),
          ...(flags.shard !== undefined ? { shard: flags.shard } : {}),
          ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
          ...(flags.jobs !== undefined ? { jobs: flags.jobs } : {}),
          ...(flags.baseline[0] !== undefined ? { baseline: path.resolve(cwd, flags.baseline[0]) } : {}),
          ...(flags.updateBaseline ? { updateBaseline: true } : {}),
          reportDir: flags.report ? (flags.reportDir !== undefined ? path.resolve(cwd, flags.reportDir) : undefined) : null,
          ...(flags.format !== undefined ? { formats: flags.format } : {}),
          ...(flags.quiet ? { quiet: true } : {}),
          // commander's --no-color default is true: pass only a refusal, so a pipe or NO_COLOR still means no colour.
          ...(flags.color === false ? { color: false } : {}),
          ...registryChoiceOf(flags),
        },
        io.out,
        io.signal,
      );
    }),
  );
}

/** CMD as a path (with a slash) or a name on PATH; a missing or non-executable one is a usage error. */
export function resolveClientCommand(cmd: string, cwd: string): string {
  if (!cmd.includes('/')) {
    const found = findOnPath(cmd);
    if (found === null) throw new HarnessError('PC_IMPL_NOT_FOUND', `${cmd}: no such command on PATH`);
    return found;
  }
  const resolved = path.resolve(cwd, cmd);
  let isFile: boolean;
  try {
    isFile = statSync(resolved).isFile();
  } catch {
    throw new HarnessError('PC_IMPL_NOT_FOUND', `${cmd}: no such file`);
  }
  if (!isFile) throw new HarnessError('PC_IMPL_NOT_EXECUTABLE', `${cmd}: not a regular file`);
  try {
    accessSync(resolved, constants.X_OK);
  } catch {
    throw new HarnessError('PC_IMPL_NOT_EXECUTABLE', `${cmd}: not executable (try chmod +x)`);
  }
  return resolved;
}
