// What the property tests catch among the reference proxy's faults. For each fault and seed, the
// conformance profile runs until its first finding; if no seed finds one, the adversarial profile
// does. A finding counts when it comes back with longer deadlines and the clean proxy passes the
// same sequence. With --suite, the scripted suite runs against the same fault for comparison
// (killed: some case ends differently from the clean run).
// Usage: see USAGE below.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runPreflight } from '../cases/preflight.js';
import { runSuite } from '../cases/run-suite.js';
import { loadSuite } from '../cases/suite.js';
import { loadSuiteImages, type SuiteImages } from '../model/suite-images.js';
import { resolveConfig } from '../config.js';
import type { LaunchSpec } from '../launch/implementation.js';
import { FAULT_NAMES } from '../reference-proxy/faults.js';
import { makeImageFacts } from '../sequences/images.js';
import type { Profile } from '../sequences/model.js';
import { explore } from './explore.js';
import { parseDuration } from './options.js';
import { DEFAULT_HANG_MS, makeFuzzConfig, runSequence } from './run-sequence.js';
import { signatureOf } from './signature.js';

const REFERENCE = fileURLToPath(new URL('../../bin/reference-proxy.js', import.meta.url));
const SEEDS = [101, 20_011, 3_000_017, 400_009, 50_000_021];

interface Detection {
  profile: Profile;
  seed: number;
  /** From the start of the run to the first failing sequence. */
  ms: number;
  status: string;
  signature: string;
}

interface FaultRow {
  fault: string;
  detections: Detection[];
  seedsTried: Record<Profile, number>;
  medianMs: number | null;
  suiteKilledBy?: string[];
}

const USAGE = 'usage: node dist/fuzz/fault-detection.js [--seeds 1..5] [--conformance-time 20s] [--adversarial-time 40s] [--faults a,b] [--suite] [--out FILE]';

interface Settings {
  seeds: number[];
  faults: string[];
  conformanceMs: number;
  adversarialMs: number;
  suite: boolean;
  out: string;
}

/** The command line, checked; a bad one is a sentence and exit 2, not a stack trace. */
function readSettings(args: string[]): Settings | 'help' {
  const { values } = parseArgs({
    args,
    options: {
      seeds: { type: 'string', default: '3' },
      'conformance-time': { type: 'string', default: '20s' },
      'adversarial-time': { type: 'string', default: '40s' },
      faults: { type: 'string' },
      suite: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
      out: { type: 'string', default: path.join('reports', 'fault-detection.json') },
    },
  });
  if (values.help) return 'help';
  const n = Number(values.seeds);
  if (!Number.isInteger(n) || n < 1 || n > SEEDS.length) throw new Error(`--seeds takes a whole number from 1 to ${SEEDS.length}, not "${values.seeds}"`);
  const faults = values.faults?.split(',') ?? [...FAULT_NAMES];
  const unknown = faults.filter((f) => !(FAULT_NAMES as readonly string[]).includes(f));
  if (unknown.length > 0) throw new Error(`--faults: no such fault: ${unknown.join(', ')} (the reference proxy's --list-faults names them)`);
  const duration = (name: string, value: string) => {
    try {
      return parseDuration(value);
    } catch (error) {
      throw new Error(`--${name} ${(error as Error).message}`);
    }
  };
  return {
    seeds: SEEDS.slice(0, n),
    faults,
    conformanceMs: duration('conformance-time', values['conformance-time']),
    adversarialMs: duration('adversarial-time', values['adversarial-time']),
    suite: values.suite,
    out: values.out,
  };
}

let settings: Settings;
try {
  const read = readSettings(process.argv.slice(2));
  if (read === 'help') {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  settings = read;
} catch (error) {
  process.stderr.write(`fault-detection: ${(error as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
const { seeds, faults } = settings;
// Ctrl-C stops the sequence under way; its implementation process is reaped before the exit.
const interrupt = new AbortController();
// (`on`, not `once`: a listener that stays keeps execa's exit hook from re-raising the signal.)
const onSignal = () => {
  if (interrupt.signal.aborted) process.exit(130);
  interrupt.abort(new Error('interrupted'));
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
const signal = interrupt.signal;
const images = await loadSuiteImages();
const config = makeFuzzConfig();
const specOf = (fault?: string): LaunchSpec => ({ executable: REFERENCE, args: fault === undefined ? [] : ['--fault', fault], socket: { kind: 'stdin' } });

/** The first finding of one profile and seed within `timeMs` (not shrunk), or null. */
async function firstFinding(spec: LaunchSpec, profile: Profile, seed: number, timeMs: number): Promise<Detection | null> {
  const started = performance.now();
  const preflight = await runPreflight(spec, resolveConfig(), signal);
  if (signal.aborted) return null;
  if (!preflight.ok) return { profile, seed, ms: Math.round(performance.now() - started), status: 'preflight', signature: preflight.message };
  // Stopped by Ctrl-C or by the first finding; the relay is removed afterwards so that a long
  // run does not pile one listener per seed onto the interrupt signal.
  const stop = new AbortController();
  const relay = (): void => stop.abort(signal.reason);
  signal.addEventListener('abort', relay, { once: true });
  const session = { spec, images: images as Partial<SuiteImages>, config, protocolVersion: preflight.protocolVersion, signal: stop.signal };
  let found: Detection | null = null;
  await explore({
    world: { profile, version: preflight.protocolVersion, facts: makeImageFacts(images) },
    run: (s) => runSequence(session, s),
    confirm: (s) => runSequence({ ...session, config: makeFuzzConfig(3 * DEFAULT_HANG_MS) }, s),
    seed,
    runs: Number.POSITIVE_INFINITY,
    timeMs,
    shrinkMs: 1,
    signal: stop.signal,
    shared: { known: new Set(profile === 'adversarial' ? quirks : []), hungKinds: new Set() },
    onFinding: async (f) => {
      // A failure that does not come back with longer deadlines is the machine, not the fault;
      // one the clean proxy shares is its own quirk.
      if (!f.reproduced) return;
      const clean = await runSequence({ ...session, spec: specOf() }, f.sequence);
      if (signatureOf(clean.result.verdict) === f.signature) {
        if (profile === 'adversarial') quirks.add(f.signature);
        return;
      }
      found = { profile, seed, ms: Math.round(f.foundAfterMs), status: f.result.verdict.status, signature: signatureOf(f.result.verdict) };
      stop.abort(new Error('first finding'));
    },
  }).finally(() => signal.removeEventListener('abort', relay));
  return found;
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Adversarial failures the clean proxy shows on the very same sequence: its own quirks, learned as met. */
const quirks = new Set<string>();
const suite = loadSuite();
const suiteConfig = resolveConfig();
const cleanSuite = settings.suite ? new Map((await runSuite({ spec: specOf(), checks: suite, images, config: suiteConfig, signal, jobs: 2 })).results.map((r) => [r.id, r.verdict.status])) : null;

const rows: FaultRow[] = [];
for (const fault of faults) {
  if (signal.aborted) break;
  const row: FaultRow = { fault, detections: [], seedsTried: { conformance: 0, adversarial: 0 }, medianMs: null };
  for (const [profile, timeMs] of [['conformance', settings.conformanceMs], ['adversarial', settings.adversarialMs]] as const) {
    for (const seed of seeds) {
      row.seedsTried[profile] += 1;
      const d = await firstFinding(specOf(fault), profile, seed, timeMs);
      if (d !== null && !signal.aborted) row.detections.push(d);
    }
    if (row.detections.length > 0) break;
  }
  // Undetected seeds count as not detected: the median is over every seed tried in the detecting profile.
  const times = row.detections.map((d) => d.ms);
  row.medianMs = times.length * 2 > seeds.length ? median([...times, ...Array<number>(seeds.length - times.length).fill(Number.POSITIVE_INFINITY)]) : null;
  if (cleanSuite !== null) {
    const run = await runSuite({ spec: specOf(fault), checks: suite, images, config: suiteConfig, signal, jobs: 2 });
    row.suiteKilledBy = run.preflightError !== null ? ['(preflight)'] : run.results.filter((r) => cleanSuite.get(r.id) !== r.verdict.status).map((r) => r.id);
  }
  // A fault whose run was cut short has no figures.
  if (signal.aborted) break;
  rows.push(row);
  const d = row.detections[0];
  process.stdout.write(
    `${fault.padEnd(32)} ${d === undefined ? 'not detected'.padEnd(40) : `${d.profile} ${row.detections.length}/${seeds.length}, median ${row.medianMs === null ? '-' : `${(row.medianMs / 1000).toFixed(1)} s`}`.padEnd(40)}` +
      `${row.suiteKilledBy === undefined ? '' : `suite: ${row.suiteKilledBy.length > 0 ? `killed by ${row.suiteKilledBy.length}` : 'survives'}`}` +
      `${d === undefined ? '' : `  ${d.signature.slice(0, 90)}`}\n`,
  );
}
if (signal.aborted) {
  process.stderr.write(`fault-detection: interrupted after ${rows.length} of ${faults.length} faults; nothing written\n`);
  process.exit(130);
}
await writeFile(settings.out, `${JSON.stringify({ seeds, quirks: [...quirks], rows }, null, 2)}\n`);
process.stdout.write(`written: ${settings.out}\n`);
