// Process entry: wires stdout/stderr, Ctrl-C and exit codes around the program. Nothing below
// this file calls process.exit.
import { setMaxListeners } from 'node:events';
import { CommanderError } from 'commander';
import { isHarnessError } from '../errors.js';
import { becomeSubreaper, killAdopted } from '../launch/adopted-processes.js';
import { removeStaleTempDirs } from '../files/owned-temp-dir.js';
import { EXIT } from '../verdicts/exit-codes.js';
import { printable } from '../printable.js';
import { exitCodeOfError } from './command-errors.js';
import { exitCodeOf, makeProgram } from './program.js';

async function main(argv: string[]): Promise<number> {
  // From the start, before any child runs: what a child orphans stays ours to kill (even `--version`'s).
  becomeSubreaper();
  // What a SIGKILLed run left (temp dirs, registry storage, half-built fixtures) goes now.
  removeStaleTempDirs();
  const controller = new AbortController();
  // Every session in flight watches the run's signal (jobs × sessions per job): no leak past Node's 10.
  setMaxListeners(0, controller.signal);
  // A closed stdout or stderr (`| head` read its lines and went) stops the command as an interrupt
  // does, through the same teardown; nothing more is written to it, and the exit code says why.
  const closed = new Set<'stdout' | 'stderr'>();
  const say = (name: 'stdout' | 'stderr', text: string) => {
    if (!closed.has(name)) process[name].write(text);
  };
  for (const name of ['stdout', 'stderr'] as const) {
    process[name].on('error', (error: NodeJS.ErrnoException) => {
      if (closed.has(name)) return;
      closed.add(name);
      say('stderr', `proxy-conformance: ${name} was closed (${error.code ?? error.message}): stopping; tearing down the implementation and removing temp files…\n`);
      controller.abort(new Error(`${name} was closed`));
    });
  }
  let interrupts = 0;
  const onSignal = (name: NodeJS.Signals) => {
    interrupts++;
    if (interrupts > 1) process.exit(EXIT.INTERRUPTED);
    say('stderr', `\n${name}: stopping; tearing down the implementation and removing temp files…\n`);
    controller.abort(new Error(`interrupted by ${name}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let exitCode: number = EXIT.OK;
  let settled = false;
  const program = await makeProgram({
    out: { write: (s) => say('stdout', `${s}\n`), writeRaw: (s) => say('stdout', s), isTTY: process.stdout.isTTY === true },
    err: { write: (s) => say('stderr', `${s}\n`) },
    signal: controller.signal,
    setExitCode: (code) => {
      exitCode = code;
    },
    settled: () => {
      settled = true;
    },
  }, argv);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) return exitCodeOf(error);
    if (isHarnessError(error)) {
      // A message may quote a path or a line from a config file: shown, never interpreted.
      say('stderr', `proxy-conformance: ${printable(error.message)}\n`);
      return exitCodeOfError(error.code);
    }
    // A harness bug: one line for users, the stack when PROXY_CONFORMANCE_DEBUG is set.
    const detail = process.env.PROXY_CONFORMANCE_DEBUG ? (error as Error)?.stack : (error as Error)?.message;
    say('stderr', `proxy-conformance: internal error: ${printable(detail ?? String(error))}\n`);
    return EXIT.HARNESS_ERROR;
  }
  if (closed.size > 0) return EXIT.OUTPUT_CLOSED;
  // An interrupt after the command settled its outcome (its summary line printed) only hurried the teardown.
  return controller.signal.aborted && !settled ? EXIT.INTERRUPTED : exitCode;
}

process.exitCode = await main(process.argv);
// The run is over: whatever a child left behind (a daemon outside its process group) is killed and reaped.
await killAdopted();
