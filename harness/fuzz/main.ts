// A standalone entry for the fuzz and replay commands (`node dist/fuzz/main.js fuzz …`), for use
// before they are registered on the main program.
import { Command, CommanderError } from 'commander';
import { EXIT } from '../cli/exit-codes.js';
import { makeFuzzCommand } from './fuzz-command.js';
import { makeReplayCommand } from './replay-command.js';

const controller = new AbortController();
process.on('SIGINT', () => controller.abort(new Error('interrupted by SIGINT')));
process.on('SIGTERM', () => controller.abort(new Error('interrupted by SIGTERM')));
let exitCode: number = EXIT.OK;
const io = {
  out: { write: (s: string) => process.stdout.write(`${s}\n`) },
  err: { write: (s: string) => process.stderr.write(`${s}\n`) },
  signal: controller.signal,
  setExitCode: (code: number) => {
    exitCode = code;
  },
};
const program = new Command('proxy-conformance').exitOverride().addCommand(makeFuzzCommand(io)).addCommand(makeReplayCommand(io));
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof CommanderError)) throw error;
  exitCode = error.code === 'commander.helpDisplayed' ? EXIT.OK : EXIT.USAGE;
}
process.exitCode = exitCode;
