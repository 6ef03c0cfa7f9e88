// `proxy-conformance mutation-score`: the suite against the reference proxy, clean and with each
// fault; exits non-zero when a fault survives.
import type { Command } from 'commander';
import { selectChecks, type Shard } from '../../cases/select.js';
import { loadSuite } from '../../cases/suite.js';
import { MUTATION_TIMEOUTS, resolveConfig } from '../../config.js';
import { referenceProxyTarget, withLaunchSpec } from '../../launch/resolve-target.js';
import { loadSuiteImages } from '../../model/suite-images.js';
import { formatMutationTable, runMutationScore } from '../../mutation/mutation-score.js';
import { FAULT_NAMES } from '../../reference-proxy/faults.js';
import { EXIT } from '../../verdicts/exit-codes.js';
import { makeSubcommand, type CommandIo } from '../command-io.js';
import { addOptions } from '../options/option-table.js';
import { asRepeatableParser, validateFaultNames } from '../options/validate.js';

interface MutationOptions {
  fault: string[];
  run: string[];
  shard?: Shard;
  firstKill?: boolean;
  jobs?: number;
}

/** The `mutation-score` subcommand. */
export function makeMutationScoreCommand(io: CommandIo): Command {
  const command = makeSubcommand('mutation-score', io)
    .description('run the suite against the reference proxy with each of its faults; every fault must be killed (exit 1 if one survives)')
    .option('--fault <name>', 'only this fault, repeatable', asRepeatableParser((v) => validateFaultNames('--fault', [v])[0] as string), []);
  addOptions(command, ['run', 'shard', 'jobs'], {
    run: 'only cases matching (as for the main command), repeatable',
    shard: 'only the i-th of n slices of the fault list (for CI)',
    jobs: 'cases run at once',
  });
  return command.option('--first-kill', "stop each fault's run at its first killing case").action(async (options: MutationOptions) => {
    io.setExitCode(await runMutationCommand(options, io));
  });
}

async function runMutationCommand(options: MutationOptions, io: CommandIo): Promise<number> {
  const faults = selectFaults(options);
  const config = resolveConfig({ timeouts: MUTATION_TIMEOUTS, ...(options.jobs !== undefined ? { jobs: options.jobs } : {}) });
  return withLaunchSpec(referenceProxyTarget(), async (spec) => {
    const result = await runMutationScore({
      spec,
      faults,
      checks: selectChecks(loadSuite(), { run: options.run, skip: [] }),
      images: await loadSuiteImages(),
      config,
      jobs: config.jobs,
      signal: io.signal,
      firstKill: options.firstKill === true,
      onFault: (o) => io.out.write(`${o.killed ? 'killed  ' : 'SURVIVED'}  ${o.fault}  (${(o.wallMs / 1000).toFixed(1)} s, ${o.differing} cases differ, ${o.killedBy.length} confirmed)`),
    });
    io.out.write(`clean reference proxy: ${result.clean.length - result.cleanNonPass.length} of ${result.clean.length} cases pass or do not apply${result.cleanNonPass.length ? `; not passing: ${result.cleanNonPass.join(', ')}` : ''}`);
    io.out.write(formatMutationTable(result.outcomes));
    return result.outcomes.every((o) => o.killed) && result.outcomes.length === faults.length ? EXIT.OK : EXIT.FAILED;
  });
}

/** The --fault names (default: every fault), then only the --shard's slice of them. */
function selectFaults(options: MutationOptions): string[] {
  const names = options.fault.length > 0 ? options.fault : [...FAULT_NAMES];
  const shard = options.shard;
  return shard === undefined ? names : names.filter((_, k) => k % shard.count === shard.index - 1);
}
