// `proxy-conformance mutation-score`: the suite against the reference proxy, clean and with each
// fault; with `--role client -- CMD`, the client suite against each of a client's deviations. Exits
// non-zero when a fault or a deviation survives.
import { ConsoleReporter } from '../../report/console.js';
import { processPerSession } from '../../launch/session-processes.js';
import { Option, type Command } from 'commander';
import { selectCases, type Shard } from '../../run/select.js';
import { loadSuite } from '../../run/suite.js';
import { MUTATION_PARALLELISM, MUTATION_TIMEOUTS, resolveConfig } from '../../config.js';
import { referenceProxyTarget, withLaunchSpec } from '../../launch/resolve-target.js';
import { withSessionHosts } from '../../launch/session-hosts.js';
import { loadSuiteImages } from '../../images/suite-images.js';
import type { CheckDefinition } from '../../checks/types.js';
import { describeRunRegistry, withRunRegistry, type StartedRegistry } from '../../registry/run-registry.js';
import { faultResult, formatMutationTable, runMutationScore } from '../../mutation/mutation-score.js';
import { FAULT_NAMES } from '../../reference-proxy/faults.js';
import { exitCodeFor } from '../../verdicts/exit-codes.js';
import { makeSubcommand, type CommandIo } from '../command-io.js';
import { addOptions } from '../options/option-table.js';
import { asRepeatableParser, collect, validateFaultNames } from '../options/validate.js';
import { CLIENT_CASES } from '../../client/cases/index.js';
import { HarnessError } from '../../errors.js';
import { formatClientMutationTable, listBreaks, runClientMutationScore } from '../../mutation/client-mutation-score.js';
import { runReportingErrors } from '../command-errors.js';
import { cwdOf } from '../command-io.js';
import { resolveClientCommand } from './client.js';

interface MutationOptions {
  fault: string[];
  run: string[];
  shard?: Shard;
  firstKill?: boolean;
  jobs?: number;
  role: string;
  break: string[];
  quiet?: boolean;
}

/** The `mutation-score` subcommand. */
export function makeMutationScoreCommand(io: CommandIo): Command {
  const command = makeSubcommand('mutation-score', io)
    .description('run the suite against the reference proxy with each of its faults; every fault must be killed (exit 1 if one survives)')
    .option('--fault <name>', 'only this fault, repeatable', asRepeatableParser((v) => validateFaultNames('--fault', [v])[0] as string), []);
  addOptions(command, ['run', 'shard', 'jobs', 'quiet', 'color'], {
    run: 'only cases matching (as for the main command), repeatable',
    shard: 'only the i-th of n slices of the fault list (for CI)',
    jobs: `session hosts and spawned processes at once, ${MUTATION_PARALLELISM.sessionsPerJob} hosted sessions per job (default: 2, or the CPU count when fewer)`,
    quiet: 'print only the faults (or deviations) that survived, the clean run and the score table, not a line per killed one',
    color: 'accepted for every subcommand alike: mutation-score prints no colour',
  });
  return command
    .option('--first-kill', "stop each fault's run at its first killing case")
    .option('--role <role>', 'server (the reference proxy\'s faults) or client (CMD\'s deviations, run as CMD ARGS --break NAME)', 'server')
    .addOption(new Option('--break <name>', 'with --role client: only this deviation, repeatable').argParser(collect).default([], 'what CMD ARGS --list-breaks prints'))
    .argument('[cmd]', 'with --role client: the client program')
    .argument('[args...]', 'its arguments (put -- before CMD)')
    .action(async (cmd: string | undefined, args: string[], options: MutationOptions) => {
      if (options.role === 'server' && cmd === undefined) io.setExitCode(await runMutationCommand(options, io));
      else await runReportingErrors('mutation-score', io, () => runClientMutationCommand(cmd, args, options, io));
    });
}

async function runMutationCommand(options: MutationOptions, io: CommandIo): Promise<number> {
  const console = new ConsoleReporter(io.out, { quiet: options.quiet === true });
  const faults = selectFaults(options);
  const config = resolveConfig({ timeouts: MUTATION_TIMEOUTS, ...(options.jobs !== undefined ? { jobs: options.jobs } : {}) });
  const checks = selectCases(loadSuite(), { run: options.run, skip: [] });
  // The registry cases need the registry: started only when one is selected, stopped at the end.
  return withRunRegistry({}, checks, async (registry, registryCases) => {
    const line = describeRunRegistry(registry.state, registryCases);
    if (line?.always && !io.signal.aborted) console.line(line.text);
    return runMutationAgainst(options, io, console, faults, checks, config, registry);
  }, io.signal);
}

async function runMutationAgainst(options: MutationOptions, io: CommandIo, console: ConsoleReporter, faults: string[], checks: CheckDefinition[], config: ReturnType<typeof resolveConfig>, registry: StartedRegistry): Promise<number> {
  // The suite's cases run in session hosts, which stand in for the exit code (the session's is the
  // one the executable exits with), except those that observe the rest of the process (run/session-route.ts).
  return withLaunchSpec(referenceProxyTarget(), (launch) => withSessionHosts({ hosts: config.jobs, emulates: ['exit'] }, async (hosts) => {
    const result = await runMutationScore({
      spec: launch,
      processes: processPerSession({ hosts }),
      faults,
      checks,
      images: await loadSuiteImages({ registry: registry.running ?? undefined, signal: io.signal }),
      registry: registry.state,
      config,
      jobs: MUTATION_PARALLELISM.sessionsPerJob * config.jobs,
      faultsAtOnce: MUTATION_PARALLELISM.faultsAtOnce,
      signal: io.signal,
      firstKill: options.firstKill === true,
      onFault: (o) => console[o.killed ? 'info' : 'line'](`${faultResult(o).padEnd(8)}  ${o.fault}  (${(o.wallMs / 1000).toFixed(1)} s, ${o.differing} cases differ, ${o.killedBy.length} confirmed)`),
    });
    const cut = result.clean.filter((r) => r.verdict.status === 'interrupted').length;
    const ran = result.clean.length - cut;
    const of = cut > 0 || ran < checks.length ? ` of the ${ran} run before the interrupt (${checks.length} selected)` : ` of ${ran}`;
    console.line(`clean reference proxy: ${ran - result.cleanNonPass.length}${of} cases pass or do not apply${result.cleanNonPass.length ? `; not passing: ${result.cleanNonPass.join(', ')}` : ''}`);
    console.line(formatMutationTable(result.outcomes, faults.length));
    return scoreExitCode(faults, result.outcomes.map((o) => ({ name: o.fault, killed: o.killed })), io.signal.aborted);
  }));
}

/** `--role client -- CMD ARGS`: the client suite clean, then against each of CMD's deviations. */
async function runClientMutationCommand(cmd: string | undefined, args: string[], options: MutationOptions, io: CommandIo): Promise<number> {
  const console = new ConsoleReporter(io.out, { quiet: options.quiet === true });
  if (options.role !== 'client') throw new HarnessError('PC_USAGE', options.role === 'server' ? 'a client program is given only with --role client' : `--role takes server or client, not ${JSON.stringify(options.role)}`);
  if (cmd === undefined) throw new HarnessError('PC_USAGE', 'mutation-score --role client needs the client program: -- CMD [ARGS]');
  const command = { executable: resolveClientCommand(cmd, cwdOf(io)), args };
  const breaks = options.break.length > 0 ? options.break : await listBreaks(command, io.signal);
  // Resolved as a `client` run resolves its config; mutation-score takes no timeout flag, so the defaults hold.
  const config = resolveConfig(options.jobs !== undefined ? { jobs: options.jobs } : {});
  const result = await runClientMutationScore({
    command,
    breaks,
    cases: selectCases(CLIENT_CASES, { run: options.run, skip: [] }),
    images: await loadSuiteImages(),
    deadlineMs: config.clientMs,
    progressMs: config.timeouts.progressMs,
    teardown: { exitMs: config.timeouts.exitMs, termMs: config.timeouts.termMs },
    signal: io.signal,
    jobs: config.jobs,
    onBreak: (o) => console[o.killed ? 'info' : 'line'](`${o.killed ? 'killed  ' : 'SURVIVED'}  ${o.name}  (${(o.wallMs / 1000).toFixed(1)} s, ${o.killedBy.length} cases)`),
  });
  if (result.cleanFailing.length > 0) console.line(`the clean client does not pass: ${result.cleanFailing.join(', ')} (these cannot kill a deviation)`);
  console.line(formatClientMutationTable(result.outcomes));
  return scoreExitCode(breaks, result.outcomes.map((o) => ({ name: o.name, killed: o.killed })), io.signal.aborted);
}

/**
 * The score's exit code by the rule every run's has (exitCodeFor): each fault asked for is a MUST
 * case that passes when killed and fails when it survived or was never scored; an interrupt wins.
 */
function scoreExitCode(asked: readonly string[], outcomes: ReadonlyArray<{ name: string; killed: boolean }>, interrupted: boolean): number {
  const killed = new Map(outcomes.map((o) => [o.name, o.killed]));
  const cases = asked.map((name) => ({ id: name, level: 'MUST' as const, verdict: { status: killed.get(name) === true ? ('pass' as const) : ('fail' as const) } }));
  return exitCodeFor([{ cases, baseline: null }], { interrupted });
}

/** The --fault names (default: every fault), then only the --shard's slice of them. */
function selectFaults(options: MutationOptions): string[] {
  const names = options.fault.length > 0 ? options.fault : [...FAULT_NAMES];
  const shard = options.shard;
  return shard === undefined ? names : names.filter((_, k) => k % shard.count === shard.index - 1);
}
