// `proxy-conformance mutation-score`: the suite against the reference proxy, clean and with each
// fault; exits non-zero when a fault survives.
import { availableParallelism } from 'node:os';
import { Command, Option } from 'commander';
import { loadSuite } from '../cases/suite.js';
import { selectChecks } from '../cases/select.js';
import { loadSuiteImages } from '../model/suite-images.js';
import { resolveConfig } from '../config.js';
import { HarnessError } from '../errors.js';
import { REFERENCE_PROXY_BIN } from '../launch/resolve-impl.js';
import { FAULTS } from '../reference-proxy/faults.js';
import { formatMutationTable, runMutationScore } from './mutation-score.js';


/** Short deadlines: a fault that hangs must not cost the default 5 and 30 s per case. */
const MUTATION_TIMEOUTS = { callMs: 1500, payloadMs: 3000, exitMs: 1000, termMs: 500 };

interface MutationOptions {
  fault: string[];
  run: string[];
  shard?: string;
  firstKill?: boolean;
  jobs?: number;
}

interface Io {
  out: { write(text: string): void };
  signal: AbortSignal;
  setExitCode(code: number): void;
}

export function makeMutationScoreCommand(io: Io): Command {
  return new Command('mutation-score')
    .description('run the suite against the reference proxy with each of its faults; every fault must be killed (exit 1 if one survives)')
    .option('--fault <name>', 'only this fault, repeatable', (v: string, prev: string[]) => [...prev, v], [])
    .option('--run <pattern>', 'only cases matching (as for the main command), repeatable', (v: string, prev: string[]) => [...prev, v], [])
    .option('--shard <i/n>', 'only the i-th of n slices of the fault list (for CI)')
    .option('--first-kill', "stop each fault's run at its first killing case")
    .addOption(new Option('--jobs <n>', 'cases run at once').argParser((v) => Number.parseInt(v, 10)))
    .action(async (options: MutationOptions) => {
      const names = selectFaults(options);
      const config = resolveConfig({ timeouts: MUTATION_TIMEOUTS });
      const result = await runMutationScore({
        spec: { executable: REFERENCE_PROXY_BIN, args: [], socket: { kind: 'stdin' } },
        faults: names,
        checks: selectChecks(loadSuite(), { run: options.run, skip: [] }),
        images: await loadSuiteImages(),
        config,
        jobs: options.jobs ?? Math.min(2, availableParallelism()),
        signal: io.signal,
        firstKill: options.firstKill === true,
        onFault: (o) => io.out.write(`${o.killed ? 'killed  ' : 'SURVIVED'}  ${o.fault}  (${(o.wallMs / 1000).toFixed(1)} s, ${o.differing} cases differ, ${o.killedBy.length} confirmed)`),
      });
      io.out.write(`clean reference proxy: ${result.clean.length - result.cleanNonPass.length} of ${result.clean.length} cases pass or do not apply${result.cleanNonPass.length ? `; not passing: ${result.cleanNonPass.join(', ')}` : ''}`);
      io.out.write(formatMutationTable(result.outcomes));
      io.setExitCode(result.outcomes.every((o) => o.killed) && result.outcomes.length === names.length ? 0 : 1);
    });
}

function selectFaults(options: MutationOptions): string[] {
  const all: string[] = FAULTS.map((f) => f.name);
  const unknown = options.fault.filter((f) => !all.includes(f));
  if (unknown.length > 0) throw new HarnessError('PC_USAGE', `--fault ${unknown.join(', ')}: no such fault (known: ${all.join(', ')})`);
  let names = options.fault.length > 0 ? options.fault : all;
  if (options.shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(options.shard);
    const [i, n] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
    if (!m || n < 1 || i < 1 || i > n) throw new HarnessError('PC_USAGE', `--shard takes i/n with 1 ≤ i ≤ n, not "${options.shard}"`);
    names = names.filter((_, k) => k % n === i - 1);
  }
  return names;
}

