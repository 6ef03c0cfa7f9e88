// What every command is given of its process: its output, Ctrl-C, its directory and where its exit
// code goes. main.ts wires it to the real process; tests pass their own.
import { Command, Option } from 'commander';
import type { ConsoleOut } from '../report/console.js';

export interface CommandIo {
  /** One call per line or block; the writer ends each with a newline. */
  out: ConsoleOut;
  err: { write(text: string): void };
  /** Aborted by Ctrl-C: the command stops, tears down and exits 130. */
  signal: AbortSignal;
  /** Receives the command's exit code. */
  setExitCode(code: number): void;
  /**
   * The command's outcome is out (its summary line printed): an interrupt from now on only cuts its
   * teardown short, and the exit code stays the command's (without this, an interrupt makes it 130).
   */
  settled?(): void;
  /** Where relative paths, @FILE lists and the config file are looked up (default: the process's cwd). */
  cwd?: string;
}

/** A subcommand that reports usage errors through `io` and lets the caller choose the exit (exit 2). */
export function makeSubcommand(name: string, io: CommandIo): Command {
  return new Command(name)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out.write(s.replace(/\n$/, '')), writeErr: (s) => io.err.write(s.replace(/\n$/, '')) })
    .showSuggestionAfterError(true);
}

/**
 * `--no-color` for a subcommand that prints no colour: accepted as by every other command, so that
 * one command line's flags fit any of them (NO_COLOR is honoured wherever colour is printed).
 */
export function noColorOption(name: string): Option {
  return new Option('--no-color', `accepted for every subcommand alike: ${name} prints no colour`);
}

export function cwdOf(io: CommandIo): string {
  return io.cwd ?? process.cwd();
}
