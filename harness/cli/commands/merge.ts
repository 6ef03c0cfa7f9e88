// `proxy-conformance merge A.json B.json ... --out DIR [--format f]...`: the results.json files of
// the shards of one run, merged and written in every report format.
import path from 'node:path';
import { Option, type Command } from 'commander';
import { isHarnessError } from '../../errors.js';
import { mergeReports } from '../../report/merge.js';
import { readReport } from '../../report/read-report.js';
import { REPORT_FORMATS, type ReportFormat } from '../../report/reporters.js';
import { EXIT } from '../../verdicts/exit-codes.js';
import { makeSubcommand, noColorOption, type CommandIo } from '../command-io.js';
import { asRepeatableParser, validateFormat } from '../options/validate.js';
import { writeReports } from '../run/write-reports.js';

export interface MergeOptions {
  out: string;
  /** Formats to write; empty means every format. */
  format: ReportFormat[];
}

/** The `merge` subcommand. */
export function makeMergeCommand(io: CommandIo): Command {
  return makeSubcommand('merge', io)
    .description('merge the results.json files of the shards of one run (--shard i/n) into one report')
    .argument('<files...>', 'the shards\' results.json files')
    .requiredOption('--out <dir>', 'directory to write the merged report into')
    .addOption(new Option('--format <name>', 'a format to write, repeatable').argParser(asRepeatableParser(validateFormat)).default([], `every format: ${REPORT_FORMATS.join(', ')}`))
    .addOption(noColorOption('merge'))
    .addHelpText('after', `\nExit codes:\n  ${EXIT.OK}    merged and written\n  ${EXIT.USAGE}    a file cannot be read, is not a results.json, or belongs to another run`)
    .action(async (files: string[], options: MergeOptions) => {
      io.setExitCode(await runMergeCommand(files, options, io));
    });
}

export async function runMergeCommand(files: string[], options: MergeOptions, io: CommandIo): Promise<number> {
  let merged;
  try {
    merged = mergeReports(files.map(readReport), files);
  } catch (error) {
    if (!isHarnessError(error)) throw error;
    io.err.write(`merge: ${error.message}`);
    return EXIT.USAGE;
  }
  const formats = options.format.length > 0 ? [...new Set(options.format)] : REPORT_FORMATS;
  // The merged reports land together, as a run's do: a failed write leaves --out as it was.
  let written: string[];
  try {
    written = await writeReports(merged, options.out, formats);
  } catch (error) {
    io.err.write(`merge: cannot write the report into ${options.out}: ${(error as Error).message}`);
    return EXIT.USAGE;
  }
  const cases = merged.runs.reduce((n, run) => n + run.cases.length, 0);
  io.out.write(`merged ${files.length} files: ${merged.runs.length} implementations, ${cases} cases`);
  for (const file of written) io.out.write(`written: ${path.join(options.out, file)}`);
  return EXIT.OK;
}
