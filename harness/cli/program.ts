// The command line: the run's options and action, and every subcommand from one table.
import type { Command, CommanderError } from 'commander';
import { EXIT } from '../verdicts/exit-codes.js';
import type { CommandIo } from './command-io.js';
import { SUBCOMMANDS } from './commands/index.js';
import { makeRunCommand } from './commands/run.js';

export function makeProgram(io: CommandIo): Command {
  const program = makeRunCommand(io);
  for (const make of SUBCOMMANDS) program.addCommand(make(io));
  return program;
}

/** Maps commander's own exits (help, version, usage errors) to our exit codes. */
export function exitCodeOf(error: CommanderError): number {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.OK;
  return EXIT.USAGE;
}
