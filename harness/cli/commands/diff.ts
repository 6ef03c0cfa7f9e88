// `proxy-conformance diff A.json B.json [--json]`: what changed between two runs' results.
import type { Command } from 'commander';
import { isHarnessError } from '../../errors.js';
import { diffReports, formatReportDiff } from '../../report/diff.js';
import { readReport } from '../../report/read-report.js';
import { EXIT } from '../../verdicts/exit-codes.js';
import { makeSubcommand, noColorOption, type CommandIo } from '../command-io.js';

/** The `diff` subcommand. */
export function makeDiffCommand(io: CommandIo): Command {
  return makeSubcommand('diff', io)
    .description('compare two results.json files: regressions, fixes and changed failures per implementation (exit 1 on a regression)')
    .argument('<a>', 'the earlier results.json')
    .argument('<b>', 'the later results.json')
    .option('--json', 'print the differences as JSON')
    .addOption(noColorOption('diff'))
    .addHelpText('after', `\nExit codes:\n  ${EXIT.OK}    no regressions\n  ${EXIT.FAILED}    a case that did not fail in A fails in B\n  ${EXIT.USAGE}    a file cannot be read or is not a results.json`)
    .action((a: string, b: string, options: { json?: boolean }) => {
      io.setExitCode(runDiffCommand(a, b, options, io));
    });
}

export function runDiffCommand(a: string, b: string, options: { json?: boolean }, io: CommandIo): number {
  let diff;
  try {
    diff = diffReports(readReport(a), readReport(b));
  } catch (error) {
    if (!isHarnessError(error)) throw error;
    io.err.write(`diff: ${error.message}`);
    return EXIT.USAGE;
  }
  io.out.write(options.json ? JSON.stringify(diff, null, 2) : formatReportDiff(diff, { a, b }));
  return diff.totals.regressions > 0 ? EXIT.FAILED : EXIT.OK;
}
