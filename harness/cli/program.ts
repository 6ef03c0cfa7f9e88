// The command line: the run's options and action, and every subcommand from one table.
import type { Command, CommanderError } from 'commander';
import { EXIT } from '../verdicts/exit-codes.js';
import type { CommandIo } from './command-io.js';
import { SUBCOMMANDS } from './commands/index.js';
import { makeRunCommand } from './commands/run.js';

/**
 * The program; with `argv` whose first argument names a subcommand, that subcommand alone (nothing
 * else could parse it), else every one (the run's own options, `--help`, an unknown command).
 */
export async function makeProgram(io: CommandIo, argv?: readonly string[]): Promise<Command> {
  const program = makeRunCommand(io);
  const named = SUBCOMMANDS.find((s) => s.name === argv?.[2]);
  for (const subcommand of named ? [named] : SUBCOMMANDS) program.addCommand((await subcommand.load())(io));
  return program;
}

/** Maps commander's own exits (help, version, usage errors) to our exit codes. */
export function exitCodeOf(error: CommanderError): number {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.OK;
  return EXIT.USAGE;
}
