// `proxy-conformance client [options] -- CMD [ARGS...]`: the harness plays the proxy and judges the
// client program CMD, run once per client case.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_CLIENT_TIMEOUT_MS, DEFAULT_CONFIG } from '../../config.js';
import { findOnPath } from '../../launch/resolve-impl.js';
import { HarnessError } from '../../errors.js';
import { runReportingErrors } from '../command-errors.js';
import { cwdOf, makeSubcommand, type CommandIo } from '../command-io.js';
import { addOptions } from '../options/option-table.js';
import { asParser, validatePositiveInt } from '../options/validate.js';
import { normalizeRunOptions, type RunFlags } from '../options/run-options.js';
import { CLIENT_DRIVER } from '../run/client-driver.js';
import { runRole } from '../run/run-role.js';

/** What commander parses: the run's flags a client run takes, and the client's deadline. */
type ClientFlags = Omit<RunFlags, 'impl' | 'implArg' | 'sockfd' | 'timeout' | 'hangTimeout'> & { clientTimeout?: number };

export function makeClientCommand(io: CommandIo): Command {
  const command = makeSubcommand('client', io)
    .description('play the proxy and judge a client program: run CMD once per client case, with a `skopeo` stand-in first on its PATH (docs/clients.md)')
    .argument('<cmd>', 'the client program')
    .argument('[args...]', 'its arguments (put -- before CMD when they start with -)')
    .option('--client-timeout <ms>', `how long the client may run per case with nothing moving (no request, no pipe byte, no upstream request) before it is a hang (default ${DEFAULT_CLIENT_TIMEOUT_MS}); while it keeps progressing it gets up to ${DEFAULT_CONFIG.timeouts.progressMs} ms`, asParser((v) => validatePositiveInt('--client-timeout', v)));
  addOptions(command, ['run', 'skip', 'level', 'failOn', 'shard', 'seed', 'jobs', 'baseline', 'updateBaseline', 'registryBin', 'registry', 'config', 'reportDir', 'report', 'format', 'quiet', 'color'], {
    baseline: 'gate on the recorded outcomes in FILE (e.g. specs/expected/client-skopeo-go-proxy-test.json)',
  });
  return command.action((cmd: string, args: string[], flags: ClientFlags) =>
    runReportingErrors('client', io, () => {
      const cwd = cwdOf(io);
      if (flags.baseline.length > 1) throw new HarnessError('PC_USAGE', '--baseline: a client run takes one baseline file');
      const options = normalizeRunOptions(
        {
          ...flags,
          impl: [],
          implArg: [],
          baseline: flags.baseline.map((b) => path.resolve(cwd, b)),
          ...(flags.reportDir !== undefined ? { reportDir: path.resolve(cwd, flags.reportDir) } : {}),
        },
        cwd,
        { implementations: false },
      );
      const command = { executable: resolveClientCommand(cmd, cwd), args };
      return runRole(CLIENT_DRIVER, { ...options, command, ...(flags.clientTimeout !== undefined ? { clientTimeout: flags.clientTimeout } : {}) }, io);
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
