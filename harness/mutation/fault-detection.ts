// What the property tests catch among the reference proxy's faults. For each fault and seed, the
// conformance profile runs until its first finding; if no seed finds one, the adversarial profile
// does. A finding counts when it comes back with longer deadlines and the clean proxy does not end
// the same sequence the same way. With the suite, the scripted cases are scored against the same
// faults by the mutation score's rule (a kill is confirmed by a clean re-run), for comparison.
import { runPreflight } from '../run/preflight.js';
import { loadSuite } from '../run/suite.js';
import { MUTATION_TIMEOUTS, resolveConfig } from '../config.js';
import { explore } from '../fuzz/explore.js';
import { DEFAULT_HANG_MS } from '../config.js';
import { makeFuzzConfig, runSequence } from '../fuzz/run-sequence.js';
import { signatureOf } from '../fuzz/signature.js';
import type { LaunchSpec } from '../launch/implementation.js';
import type { SuiteImages } from '../images/suite-images.js';
import { makeImageFacts } from '../sequences/images.js';
import type { Profile } from '../sequences/model.js';
import { runMutationScore, type FaultOutcome } from './mutation-score.js';

/** Fixed seeds, so that two measurements of the same tree agree. */
export const FAULT_DETECTION_SEEDS = [101, 20_011, 3_000_017, 400_009, 50_000_021];

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
  /** With the suite: cases whose kill of this fault a clean re-run confirmed (at most three). */
  suiteKilledBy?: string[];
  /** With the suite: cases that ended differently from the clean run before confirmation. */
  suiteDiffering?: number;
}

interface FaultDetectionInput {
  /** The clean reference proxy; a fault's spec appends `--fault NAME` to its args. */
  spec: LaunchSpec;
  faults: readonly string[];
  /** How many of FAULT_DETECTION_SEEDS to use. */
  seeds: number;
  conformanceMs: number;
  adversarialMs: number;
  /** Also score the scripted suite against each fault. */
  suite: boolean;
  images: SuiteImages;
  signal: AbortSignal;
  onRow?: (row: FaultRow) => void;
}

interface FaultDetectionResult {
  seeds: number[];
  /** Adversarial failures the clean proxy shows on the very same sequence: its own quirks. */
  quirks: string[];
  /** One per fault measured to the end; an interrupted fault has none. */
  rows: FaultRow[];
}

export async function measureFaultDetection(input: FaultDetectionInput): Promise<FaultDetectionResult> {
  const { spec, images, signal } = input;
  const seeds = FAULT_DETECTION_SEEDS.slice(0, input.seeds);
  const specOf = (fault?: string): LaunchSpec => ({ ...spec, args: fault === undefined ? [...spec.args] : [...spec.args, '--fault', fault] });
  const config = makeFuzzConfig();
  const quirks = new Set<string>();

  /** The first finding of one profile and seed within `timeMs` (not shrunk), or null. */
  async function firstFinding(faulty: LaunchSpec, profile: Profile, seed: number, timeMs: number): Promise<Detection | null> {
    const started = performance.now();
    const preflight = await runPreflight(faulty, resolveConfig(), signal);
    if (signal.aborted) return null;
    if (!preflight.ok) return { profile, seed, ms: Math.round(performance.now() - started), status: 'preflight', signature: preflight.message };
    // Stopped by Ctrl-C or by the first finding; the relay is removed afterwards so that a long
    // run does not pile one listener per seed onto the interrupt signal.
    const stop = new AbortController();
    const relay = (): void => stop.abort(signal.reason);
    signal.addEventListener('abort', relay, { once: true });
    const session = { spec: faulty, images: images as Partial<SuiteImages>, config, protocolVersion: preflight.protocolVersion, signal: stop.signal };
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

  const suiteOutcomes = input.suite ? await scoreSuite(input) : null;
  const rows: FaultRow[] = [];
  for (const fault of input.faults) {
    if (signal.aborted) break;
    const row: FaultRow = { fault, detections: [], seedsTried: { conformance: 0, adversarial: 0 }, medianMs: null };
    for (const [profile, timeMs] of [['conformance', input.conformanceMs], ['adversarial', input.adversarialMs]] as const) {
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
    const outcome = suiteOutcomes?.get(fault);
    if (outcome !== undefined) {
      row.suiteKilledBy = outcome.preflightError !== null ? ['(preflight)'] : outcome.killedBy.map((k) => k.id);
      row.suiteDiffering = outcome.differing;
    }
    // A fault whose run was cut short has no figures.
    if (signal.aborted) break;
    rows.push(row);
    input.onRow?.(row);
  }
  return { seeds, quirks: [...quirks], rows };
}

/** The scripted suite against every fault, by the mutation score's rule. */
async function scoreSuite(input: FaultDetectionInput): Promise<Map<string, FaultOutcome>> {
  const config = resolveConfig({ timeouts: MUTATION_TIMEOUTS });
  const { outcomes } = await runMutationScore({ spec: input.spec, faults: input.faults, checks: loadSuite(), images: input.images, config, jobs: config.jobs, signal: input.signal });
  return new Map(outcomes.map((o) => [o.fault, o]));
}

/** One line per fault: how the property tests found it, and with the suite, whether the suite kills it. */
export function formatFaultRow(row: FaultRow, seedCount: number): string {
  const d = row.detections[0];
  const found = d === undefined ? 'not detected' : `${d.profile} ${row.detections.length}/${seedCount}, median ${row.medianMs === null ? '-' : `${(row.medianMs / 1000).toFixed(1)} s`}`;
  const suite = row.suiteKilledBy === undefined ? '' : `suite: ${row.suiteKilledBy.length > 0 ? `killed by ${row.suiteKilledBy.length} confirmed of ${row.suiteDiffering ?? 0} differing` : 'survives'}`;
  return `${row.fault.padEnd(32)} ${found.padEnd(40)}${suite}${d === undefined ? '' : `  ${d.signature.slice(0, 90)}`}`;
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
