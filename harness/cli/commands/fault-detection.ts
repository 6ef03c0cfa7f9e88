// `proxy-conformance fault-detection`: how strong the property tests are, fault by fault, written
// to a JSON file. A subcommand of its own rather than a mutation-score flag: it measures time to a
// first finding over fixed seeds, not a pass/fail score, and takes its own budget options.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { FAULT_DETECTION_DEFAULTS } from '../../config.js';
import { referenceProxyTarget, withLaunchSpec } from '../../launch/resolve-target.js';
import { loadSuiteImages } from '../../images/suite-images.js';
import { FAULT_DETECTION_SEEDS, formatFaultRow, measureFaultDetection } from '../../mutation/fault-detection.js';
import { FAULT_NAMES } from '../../reference-proxy/faults.js';
import { EXIT } from '../../verdicts/exit-codes.js';
import { cwdOf, makeSubcommand, noColorOption, type CommandIo } from '../command-io.js';
import { asParser, validateDuration, validateFaultNames, validateIntInRange } from '../options/validate.js';
import { replaceJsonFile } from '../../files/replace-file.js';

interface FaultDetectionFlags {
  seeds: number;
  conformanceTime: number;
  adversarialTime: number;
  faults?: string[];
  suite?: boolean;
  out: string;
}

/** The `fault-detection` subcommand. */
export function makeFaultDetectionCommand(io: CommandIo): Command {
  const d = FAULT_DETECTION_DEFAULTS;
  return makeSubcommand('fault-detection', io)
    .description("measure the property tests against each of the reference proxy's faults: detected or not, and the median time to a first finding")
    .addOption(
      new Option('--seeds <n>', `how many of the ${FAULT_DETECTION_SEEDS.length} fixed seeds to explore from`)
        .argParser(asParser((v) => validateIntInRange('--seeds', v, 1, FAULT_DETECTION_SEEDS.length)))
        .default(d.seeds),
    )
    .addOption(new Option('--conformance-time <duration>', 'budget of the conformance profile per seed').argParser(asParser((v) => validateDuration('--conformance-time', v))).default(d.conformanceMs, '20s'))
    .addOption(
      new Option('--adversarial-time <duration>', 'budget of the adversarial profile per seed, for faults the conformance profile misses')
        .argParser(asParser((v) => validateDuration('--adversarial-time', v)))
        .default(d.adversarialMs, '40s'),
    )
    .addOption(new Option('--faults <a,b>', 'only these faults (default: all; `bin/reference-proxy.js --list-faults` names them)').argParser(asParser((v) => validateFaultNames('--faults', v.split(',')))))
    .option('--suite', 'also score the scripted suite against each fault (killed: a case ends differently, confirmed by a clean re-run)')
    .option('--out <file>', 'where the figures go', d.out)
    .addOption(noColorOption('fault-detection'))
    .action(async (flags: FaultDetectionFlags) => {
      io.setExitCode(await runFaultDetection(flags, io));
    });
}

async function runFaultDetection(flags: FaultDetectionFlags, io: CommandIo): Promise<number> {
  const faults = flags.faults ?? [...FAULT_NAMES];
  const images = await loadSuiteImages();
  const result = await withLaunchSpec(referenceProxyTarget(), (spec) =>
    measureFaultDetection({
      spec,
      faults,
      seeds: flags.seeds,
      conformanceMs: flags.conformanceTime,
      adversarialMs: flags.adversarialTime,
      suite: flags.suite === true,
      images,
      signal: io.signal,
      onRow: (row) => io.out.write(formatFaultRow(row, flags.seeds)),
    }),
  );
  if (io.signal.aborted) {
    io.err.write(`fault-detection: interrupted after ${result.rows.length} of ${faults.length} faults; nothing written`);
    return EXIT.INTERRUPTED;
  }
  const out = path.resolve(cwdOf(io), flags.out);
  await mkdir(path.dirname(out), { recursive: true });
  await replaceJsonFile(out, result);
  io.out.write(`written: ${flags.out}`);
  return EXIT.OK;
}
