// The property run: rounds of fast-check over generated sequences, each in a fresh session (a
// process reused between sequences when its session can be made fresh again). A failure is shrunk to the smallest sequence with the same signature, within a time
// budget, then reported with its seed and path; the next round (seed + 1) looks for other
// signatures. A hang during shrinking costs one short deadline, never the run, and once a kind of
// command has hung, later sequences holding it are skipped rather than paid for again.
import fc from 'fast-check';
import { HarnessError } from '../errors.js';
import type { CaseResult } from '../verdicts/result.js';
import { isPassing } from '../verdicts/verdict.js';
import type { SequenceRun } from './run-sequence.js';
import type { SequenceCommand } from '../sequences/command.js';
import { compileSequence, type CompiledSequence } from '../sequences/compile.js';
import { sequenceArbitrary } from '../sequences/arbitrary.js';
import type { SequenceWorld } from '../sequences/model.js';
import { MAX_SEED, type Replay } from './replay-path.js';
import { signatureOf } from './signature.js';

/** What exploring needs of a sequence's run: its verdict, how far its steps got, and in a guided run the blocks it reached. */
export type ExploredRun = Pick<SequenceRun, 'result' | 'completedSteps'> & {
  /** Guided runs: the blocks the sequence's process reached, null when it left no counters. */
  blocks?: ReadonlySet<string> | null;
};

/** Coverage guidance (guided.ts): each round's sequences may grow from what earlier runs reached. */
export interface Guide {
  /** The arbitrary of the next round. */
  arbitrary(profile: SequenceWorld['profile']): fc.Arbitrary<SequenceCommand[]>;
  /** Every sequence run, shrinking runs included. */
  observe(commands: readonly SequenceCommand[], run: ExploredRun): void;
  roundEnded(): void;
  /** Sequences per round: short, so that what a round found feeds the next soon. */
  roundRuns: number;
}

export interface ExploreInput {
  world: SequenceWorld;
  /** Runs one sequence; a failure it returns is one a fresh implementation process shows. */
  run: (sequence: CompiledSequence) => Promise<ExploredRun>;
  /** Runs the minimal sequence once more with longer deadlines, to tell a failure from a slow machine. */
  confirm?: (sequence: CompiledSequence) => Promise<ExploredRun>;
  seed: number;
  /** Most sequences to explore (shrinking runs not counted). */
  runs: number;
  /** Wall-time budget of the whole run, shrinking included. */
  timeMs: number;
  /** Most time spent shrinking one finding. */
  shrinkMs: number;
  /** Replay exactly this counterexample of round `seed` (no exploration, no shrinking). */
  path?: string;
  signal: AbortSignal;
  /** Awaited before exploring goes on. */
  onFinding?: (finding: Finding) => void | Promise<void>;
  /** Signatures already reported and kinds of command that hung, shared by parallel explorers. */
  shared?: SharedState;
  /** Coverage guidance; shared by parallel explorers. Without it every round draws fresh sequences. */
  guide?: Guide;
}

interface SharedState {
  known: Set<string>;
  hungKinds: Set<string>;
}

export interface Finding {
  signature: string;
  /** The run of the smallest failing sequence. */
  result: CaseResult;
  sequence: CompiledSequence;
  /** Steps of the sequence as first found, before shrinking. */
  firstSteps: number;
  replay: Replay;
  shrinks: number;
  /** From the start of the run to the first failing sequence. */
  foundAfterMs: number;
  /** Sequences explored up to and including the first failing one. */
  foundAfterSequences: number;
  shrinkMs: number;
  /** The shrink budget ran out: the sequence may not be minimal. */
  shrinkCutShort: boolean;
  /** The minimal sequence, run once more (hangs with longer deadlines), failed the same way. */
  reproduced: boolean;
  /**
   * Ctrl-C cut this finding short: while shrinking (the sequence may not be minimal, and was not run
   * again) or while confirming it (the run again did not finish). Either way, it is not unconfirmed.
   */
  interrupted?: 'shrinking' | 'confirmation';
  /** Index of the step the minimal sequence failed at. */
  failedStep: number;
  /** Found by a guided run: its seed and path depend on the run's corpus and do not replay it. */
  guided?: true;
}

export interface ExploreSummary {
  /** Sequences run, shrinking runs included. */
  sequences: number;
  /** Sequences explored (excluding shrinking). */
  explored: number;
  /** Packets sent to implementations. */
  requests: number;
  /** Sequences skipped because they hold a kind of command that already hung. */
  pruned: number;
  durationMs: number;
  findings: Finding[];
  stoppedBy: 'runs' | 'time' | 'interrupted' | 'replayed';
}

/** Rounds stay short so that a run that reaches its deadline mid-round stops generating soon. */
const ROUND_RUNS = 500;

interface Candidate {
  commands: SequenceCommand[];
  sequence: CompiledSequence;
  /** Null when the failure was inferred from a failing prefix rather than run. */
  result: CaseResult | null;
}

/** A sequence's steps up to `length`, as a comparable key (with whether Initialize comes first). */
function prefixKey(sequence: CompiledSequence, length: number): string {
  return JSON.stringify([sequence.initialize, sequence.steps.slice(0, length)]);
}

export async function explore(input: ExploreInput): Promise<ExploreSummary> {
  const { world, run, signal } = input;
  const started = performance.now();
  const deadline = started + input.timeMs;
  const { known, hungKinds } = input.shared ?? { known: new Set<string>(), hungKinds: new Set<string>() };
  const findings: Finding[] = [];
  const totals = { sequences: 0, explored: 0, requests: 0, pruned: 0 };
  const { guide } = input;
  const roundRuns = guide?.roundRuns ?? ROUND_RUNS;
  let seed = input.seed;
  const pruneKindAt = (sequence: CompiledSequence, step: number): void => {
    const kind = sequence.kinds[sequence.owners[Math.min(step, sequence.steps.length - 1)] ?? -1];
    if (kind !== undefined) hungKinds.add(kind);
  };

  for (;;) {
    const arbitrary = guide?.arbitrary(world.profile) ?? sequenceArbitrary(world.profile);
    const round = {
      target: null as string | null,
      first: null as (Candidate & { at: number; explored: number }) | null,
      last: null as Candidate | null,
      /** The last failing candidate that was run rather than inferred. */
      lastRun: null as (Candidate & { result: CaseResult }) | null,
      shrinkDeadline: Infinity,
      shrinks: 0,
      cut: false,
      /** Ctrl-C came while shrinking this round's failure. */
      interrupted: false,
      /**
       * Step prefixes that failed with the target, by length: steps after a failure never run, so
       * a candidate that only differs after them fails the same way without being run.
       */
      failing: new Map<number, Set<string>>(),
    };
    const failsByPrefix = (sequence: CompiledSequence): boolean =>
      [...round.failing].some(([length, keys]) => length <= sequence.steps.length && keys.has(prefixKey(sequence, length)));
    const property = fc.asyncProperty(arbitrary, async (commands) => {
      if (signal.aborted) {
        if (round.target !== null) round.interrupted = true;
        return true;
      }
      const now = performance.now();
      if (round.target === null) {
        if (input.path === undefined && (now >= deadline || totals.explored >= input.runs)) return true;
      } else if (now >= round.shrinkDeadline) {
        round.cut = true;
        return true;
      }
      const sequence = compileSequence(commands, world);
      if (sequence.kinds.some((k) => hungKinds.has(k))) {
        totals.pruned += 1;
        return true;
      }
      if (round.target === null) totals.explored += 1;
      if (round.target !== null && failsByPrefix(sequence)) {
        round.shrinks += 1;
        round.last = { commands, sequence, result: null };
        return false;
      }
      const ran = await run(sequence);
      const { result, completedSteps } = ran;
      guide?.observe(commands, ran);
      totals.sequences += 1;
      totals.requests += result.transcript.filter((e) => e.event === 'send').length;
      // An interrupted sequence (Ctrl-C) found nothing: it is not a finding to shrink.
      if (result.verdict.status === 'interrupted' && round.target !== null) round.interrupted = true;
      if (isPassing(result.verdict.status) || result.verdict.status === 'interrupted') return true;
      const signature = signatureOf(result.verdict);
      if (round.target === null) {
        if (known.has(signature)) {
          // A known hang met through another kind of command: skip that kind from now on too.
          if (result.verdict.status === 'hang') pruneKindAt(sequence, completedSteps);
          return true;
        }
        // Known from now on, so that a parallel explorer does not report it while this one shrinks.
        known.add(signature);
        round.target = signature;
        round.first = { commands, sequence, result, at: performance.now(), explored: totals.explored };
        round.shrinkDeadline = Math.min(performance.now() + input.shrinkMs, deadline);
      } else if (signature !== round.target) {
        // Shrinking keeps to one failure; another one is found again in a later round.
        return true;
      } else {
        round.shrinks += 1;
      }
      // The step that failed is the first one not completed (the last one, for an exit after all).
      const length = Math.min(completedSteps + 1, sequence.steps.length);
      const keys = round.failing.get(length) ?? new Set<string>();
      round.failing.set(length, keys.add(prefixKey(sequence, length)));
      round.last = { commands, sequence, result };
      round.lastRun = { commands, sequence, result };
      return false;
    });
    const replaying = input.path !== undefined;
    const details = await fc.check(property, {
      seed,
      numRuns: replaying ? 1 : Math.max(1, Math.min(roundRuns, input.runs - totals.explored)),
      ...(replaying ? { path: input.path, endOnFailure: true } : {}),
    });
    if (details.failed && round.target === null) {
      throw new HarnessError('PC_INTERNAL', `the property itself failed: ${String(details.errorInstance ?? 'no error recorded')}`, { cause: details.errorInstance });
    }
    if (details.failed && round.first !== null && round.last !== null && round.lastRun !== null) {
      const counterexample = details.counterexample?.[0] as SequenceCommand[] | undefined;
      const same = counterexample !== undefined && JSON.stringify(compileSequence(counterexample, world).steps) === JSON.stringify(round.last.sequence.steps);
      if (!same) throw new HarnessError('PC_INTERNAL', 'fast-check reported a counterexample other than the last failing sequence');
      // Run the minimal sequence for real once more, with longer deadlines: it may have been
      // inferred, and a failure that was only a slow machine does not come back.
      // Not after Ctrl-C: a run that would only be cut short confirms nothing either way.
      const again = round.interrupted || signal.aborted ? null : await (input.confirm ?? run)(round.last.sequence);
      const interrupted = round.interrupted ? 'shrinking' : again === null || again.result.verdict.status === 'interrupted' ? 'confirmation' : undefined;
      const reproduced = again !== null && interrupted === undefined && signatureOf(again.result.verdict) === round.target;
      // An inferred minimum that does not fail when run is not shown: the last one that did is.
      const shown = reproduced || round.last.result !== null ? round.last : round.lastRun;
      const finding: Finding = {
        signature: round.target as string,
        result: reproduced && again !== null ? again.result : (shown.result ?? round.lastRun.result),
        sequence: shown.sequence,
        firstSteps: round.first.sequence.steps.length,
        replay: { profile: world.profile, seed, path: details.counterexamplePath ?? '' },
        shrinks: round.shrinks,
        foundAfterMs: round.first.at - started,
        foundAfterSequences: round.first.explored,
        shrinkMs: performance.now() - round.first.at,
        shrinkCutShort: round.cut,
        reproduced,
        ...(interrupted !== undefined ? { interrupted } : {}),
        failedStep: Math.min(again !== null && interrupted === undefined ? again.completedSteps : shown.sequence.steps.length - 1, shown.sequence.steps.length - 1),
        ...(guide !== undefined ? { guided: true as const } : {}),
      };
      if (finding.result.verdict.status === 'hang') pruneKindAt(finding.sequence, finding.failedStep);
      findings.push(finding);
      await input.onFinding?.(finding);
    }
    const summary = (stoppedBy: ExploreSummary['stoppedBy']): ExploreSummary => ({
      ...totals,
      durationMs: performance.now() - started,
      findings,
      stoppedBy,
    });
    guide?.roundEnded();
    if (signal.aborted) return summary('interrupted');
    if (replaying) return summary('replayed');
    if (performance.now() >= deadline) return summary('time');
    if (totals.explored >= input.runs) return summary('runs');
    seed = seed >= MAX_SEED ? 0 : seed + 1;
  }
}

/** Stride between the seeds of parallel explorers, so that their rounds never meet. */
const SEED_STRIDE = 1_000_003;

/** `jobs` explorers at once (each sequence still in a fresh session of its own), sharing what they found. */
export async function exploreInParallel(input: ExploreInput, jobs: number): Promise<ExploreSummary> {
  if (jobs <= 1 || input.path !== undefined) return explore(input);
  const shared: SharedState = { known: new Set(), hungKinds: new Set() };
  const runs = Number.isFinite(input.runs) ? Math.ceil(input.runs / jobs) : input.runs;
  const parts = await Promise.all(
    Array.from({ length: jobs }, (_, j) => explore({ ...input, seed: (input.seed + j * SEED_STRIDE) % (MAX_SEED + 1), runs, shared })),
  );
  const sum = (key: 'sequences' | 'explored' | 'requests' | 'pruned') => parts.reduce((n, p) => n + p[key], 0);
  return {
    sequences: sum('sequences'),
    explored: sum('explored'),
    requests: sum('requests'),
    pruned: sum('pruned'),
    durationMs: Math.max(...parts.map((p) => p.durationMs)),
    findings: parts.flatMap((p) => p.findings).sort((a, b) => a.foundAfterMs - b.foundAfterMs),
    stoppedBy: parts.some((p) => p.stoppedBy === 'interrupted') ? 'interrupted' : (parts[0] as ExploreSummary).stoppedBy,
  };
}
