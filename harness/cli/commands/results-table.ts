// `proxy-conformance results-table A.json B.json …`: the Markdown table of several runs' results, one
// row per implementation, for the README and docs.
import type { Command } from 'commander';
import { isHarnessError } from '../../errors.js';
import { readReport } from '../../report/read-report.js';
import { renderResultsTable } from '../../report/results-table.js';
import { EXIT } from '../../verdicts/exit-codes.js';
import { makeSubcommand, noColorOption, type CommandIo } from '../command-io.js';

export function makeResultsTableCommand(io: CommandIo): Command {
  return makeSubcommand('results-table', io)
    .description('print a Markdown table of the results.json files given, one row per implementation (for README and docs)')
    .argument('<files...>', 'results.json files, one per release or implementation')
    .addOption(noColorOption('results-table'))
    .action((files: string[]) => {
      try {
        io.out.write(renderResultsTable(files.map(readReport)).trimEnd());
        io.setExitCode(EXIT.OK);
      } catch (error) {
        if (!isHarnessError(error)) throw error;
        io.err.write(`results-table: ${error.message}`);
        io.setExitCode(EXIT.USAGE);
      }
    });
}
