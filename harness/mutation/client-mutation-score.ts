// The client side's mutation score: the client suite against a client's deliberate deviations
// (`CMD ARGS --break NAME`, as the reference client offers). A deviation is killed when some case the
// clean client passes (or that does not apply to it) fails or hangs with it; every one must be.
import { execa } from 'execa';
import type { ClientCommand } from '../client/stand-in/run-client.js';
import { runClientSuite, type ClientSuiteInput } from '../client/run-client-suite.js';
import { HarnessError } from '../errors.js';
import { isFailure, isPassing } from '../verdicts/verdict.js';

export interface BreakOutcome {
  name: string;
  killed: boolean;
  /** Cases that pass against the clean client and fail or hang against this deviation. */
  killedBy: string[];
  wallMs: number;
}

export type ClientMutationInput = Omit<ClientSuiteInput, 'onStart' | 'onResult'> & {
  breaks: readonly string[];
  onBreak?: (outcome: BreakOutcome) => void;
};

export interface ClientMutationResult {
  /** Cases the clean client does not pass: they cannot kill anything. */
  cleanFailing: string[];
  outcomes: BreakOutcome[];
}

/** The deviations a client offers: `CMD ARGS --list-breaks`, one name a line. */
export async function listBreaks(command: ClientCommand, signal: AbortSignal): Promise<string[]> {
  const listed = await execa(command.executable, [...command.args, '--list-breaks'], { reject: false, timeout: 10_000, cancelSignal: signal, stdin: 'ignore' });
  const names = listed.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  if (listed.exitCode !== 0 || names.length === 0) {
    throw new HarnessError('PC_USAGE', `${command.executable} does not list its deviations with --list-breaks; name them with --break NAME`);
  }
  return names;
}

export async function runClientMutationScore(input: ClientMutationInput): Promise<ClientMutationResult> {
  const clean = await runClientSuite(input);
  const passingClean = new Set(clean.results.filter((r) => isPassing(r.verdict.status)).map((r) => r.id));
  const outcomes: BreakOutcome[] = [];
  for (const name of input.breaks) {
    if (input.signal.aborted) break;
    const started = performance.now();
    const mutant = await runClientSuite({ ...input, command: { ...input.command, args: [...input.command.args, '--break', name] } });
    const killedBy = mutant.results.filter((r) => passingClean.has(r.id) && isFailure(r.verdict.status)).map((r) => r.id);
    const outcome = { name, killed: killedBy.length > 0, killedBy, wallMs: performance.now() - started };
    outcomes.push(outcome);
    input.onBreak?.(outcome);
  }
  return { cleanFailing: clean.results.filter((r) => !passingClean.has(r.id)).map((r) => r.id), outcomes };
}

export function formatClientMutationTable(outcomes: readonly BreakOutcome[]): string {
  const killed = outcomes.filter((o) => o.killed).length;
  const rows = outcomes.map((o) => `| ${o.name} | ${o.killed ? o.killedBy.slice(0, 3).join(', ') + (o.killedBy.length > 3 ? ` (+${o.killedBy.length - 3})` : '') : 'SURVIVED'} |`);
  return ['| deviation | killed by |', '|---|---|', ...rows, '', `client mutation score: ${killed}/${outcomes.length}`].join('\n');
}
