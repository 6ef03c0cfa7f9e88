// `proxy-conformance [options]`: the run itself, the program's own action; every other command
// hangs under it.
import { Command } from 'commander';
import { EXIT } from '../../verdicts/exit-codes.js';
import { cwdOf, type CommandIo } from '../command-io.js';
import { addCoverageOptions, coverageSettingsOf } from '../options/coverage-options.js';
import { addRunOptions } from '../options/option-table.js';
import { normalizeRunOptions, type RunFlags } from '../options/run-options.js';

const EXIT_CODES_HELP = `
Exit codes:
  ${EXIT.OK}    every check passed (or does not apply to the implementation's protocol version)
  ${EXIT.FAILED}    a check failed, hung, or crashed the implementation
  ${EXIT.USAGE}    bad command line (for example a missing or non-executable --impl)
  ${EXIT.HARNESS_ERROR}    the harness could not do its job (fixtures, native addon)
  ${EXIT.STALE_BASELINE}    with --baseline: a recorded failure now passes (the record is stale)
  ${EXIT.UNKNOWN_BASELINE_ID}    with --baseline: the baseline names a case id the suite does not have
  With --baseline, exit ${EXIT.FAILED} means an outcome differs from its record (a regression).
  ${EXIT.INTERRUPTED}  interrupted (Ctrl-C); every process and temp dir was cleaned up
  ${EXIT.OUTPUT_CLOSED}  stdout or stderr was closed (e.g. \`| head\`): stopped and cleaned up as on Ctrl-C`;

/** The main program with the run's options and action, before any subcommand is added. */
export function makeRunCommand(io: CommandIo): Command {
  const program = new Command()
    .name('proxy-conformance')
    .description('Conformance checks for container image proxy implementations (skopeo experimental-image-proxy).')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out.write(s.replace(/\n$/, '')),
      writeErr: (s) => io.err.write(s.replace(/\n$/, '')),
    })
    .showSuggestionAfterError(true)
    // Options after a subcommand's name are the subcommand's (reference-proxy has its own --sockfd).
    .enablePositionalOptions()
    .addHelpText('after', EXIT_CODES_HELP);
  addRunOptions(program);
  addCoverageOptions(program);
  return program.action(async (flags: RunFlags) => {
    const coverage = coverageSettingsOf(flags, cwdOf(io));
    // Loaded here, not at start-up: a subcommand's run needs none of the server role.
    const [{ runRole }, { SERVER_DRIVER }] = await Promise.all([import('../run/run-role.js'), import('../run/server-driver.js')]);
    io.setExitCode(await runRole(SERVER_DRIVER, { ...normalizeRunOptions(flags, cwdOf(io)), ...(coverage ? { coverage } : {}) }, io));
  });
}
