// The command line: the run's options and action, and every subcommand from one table.
import type { Command, CommanderError } from 'commander';
import { EXIT } from '../verdicts/exit-codes.js';
import type { CommandIo } from './command-io.js';
import { SUBCOMMANDS, type Subcommand } from './commands/index.js';
import { makeRunCommand } from './commands/run.js';

/** The program, with every subcommand, or only those `argv` can reach (see subcommandsFor). */
export async function makeProgram(io: CommandIo, argv?: readonly string[]): Promise<Command> {
  const program = makeRunCommand(io);
  for (const subcommand of argv === undefined ? SUBCOMMANDS : subcommandsFor(argv.slice(2))) program.addCommand((await subcommand.load())(io));
  return program;
}

/**
 * Which subcommands a command line needs loaded: the one it starts with; none for a run that starts
 * with an option and names no subcommand anywhere (`--impl X …`: the most common line); every one
 * otherwise (help, an unknown command, options before a subcommand), so that help and errors stay whole.
 */
export function subcommandsFor(args: readonly string[]): readonly Subcommand[] {
  const first = SUBCOMMANDS.find((s) => s.name === args[0]);
  if (first !== undefined) return [first];
  const helpOrNamed = args.some((a) => a === '--help' || a === '-h' || a === 'help' || SUBCOMMANDS.some((s) => s.name === a));
  return args[0]?.startsWith('-') === true && !helpOrNamed ? [] : SUBCOMMANDS;
}

/** Maps commander's own exits (help, version, usage errors) to our exit codes. */
export function exitCodeOf(error: CommanderError): number {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.OK;
  return EXIT.USAGE;
}
