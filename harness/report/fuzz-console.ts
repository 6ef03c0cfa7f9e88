// The console's rendering of a fuzz run's events (fuzz/fuzz-events.ts): the start, each finding with
// its shrunk steps and replay lines, and the summary. Lines a --quiet run leaves out go through info().
import type { FuzzEnd, FuzzEvents, FuzzStart } from '../fuzz/fuzz-events.js';
import type { ExploreSummary, Finding } from '../fuzz/explore.js';
import type { CoveragePoint } from '../fuzz/corpus.js';
import { findingCaseId } from '../fuzz/findings.js';
import { formatReplay } from '../fuzz/replay-path.js';
import { countRequests } from '../sequences/compile.js';
import type { CaseResult } from '../verdicts/result.js';
import { formatCheckLine } from './console.js';

/** What the renderer writes to: a ConsoleReporter (line: always; info: not with --quiet). */
export interface FuzzConsoleOut {
  line(text: string): void;
  info(text: string): void;
}

export class FuzzConsole implements FuzzEvents {
  constructor(private readonly out: FuzzConsoleOut) {}

  notStarted(why: { interrupted: true } | { interrupted: false; message: string }): void {
    this.out.line(why.interrupted ? 'interrupted while starting the implementation: no sequence was run' : `the implementation could not be initialized: ${why.message}`);
  }

  started(run: FuzzStart): void {
    this.out.info(`implementation: ${run.implementation} (protocol ${run.protocolVersion})`);
    this.out.info(
      run.path !== undefined
        ? `replaying --seed ${run.seed} --path "${run.path}" (profile ${run.profile})`
        : `${run.guided === true ? 'coverage-guided, ' : ''}profile ${run.profile}, seed ${run.seed}${run.jobs > 1 ? `, ${run.jobs} jobs` : ''}, ${Number.isFinite(run.runs) ? `up to ${run.runs} sequences` : 'no run limit'}` +
            `${Number.isFinite(run.timeMs) ? ` within ${run.timeMs / 1000} s` : ''}; hang deadline ${run.hangMs} ms, shrinking ≤ ${run.shrinkMs / 1000} s per finding`,
    );
  }

  finding(finding: Finding, file: string, known: Parameters<FuzzEvents['finding']>[2], command: string): void {
    const label =
      known === null ? '' : `\n      known ${known.deviation.release} deviation ${known.deviation.id}: ${known.deviation.reason}${known.gating ? '' : ' (does not fail the run; --fail-on-known makes it)'}`;
    this.out.line(`${formatFinding(finding, file, command)}${label}`);
  }

  coverage(point: CoveragePoint): void {
    this.out.info(`guided, ${seconds(point.atMs)}: ${formatCoveragePoint(point)}`);
  }

  finished(end: FuzzEnd): void {
    const { count, release, gating } = end.known;
    this.out.line(`${formatExploreSummary(end.summary)}${count > 0 ? `; ${count} of them known ${release} deviations${gating ? '' : ' (not gating)'}` : ''}`);
    if (end.guided !== undefined) this.out.line(`guided: ${formatCoveragePoint(end.guided)} (fuzz.json: guided.timeline, guided.seeds)`);
    this.out.info(formatSessionUse(end.sessions, end.summary.sequences));
    this.out.line(`report: ${end.reportFile}`);
    if (end.notReproduced) this.out.line('the failure did not reproduce');
  }
}

/** The finding's console block; `command` is the fuzz command line that precedes the replay flags. */
export function formatFinding(finding: Finding, file: string, command: string): string {
  const f = finding;
  const steps = f.sequence.steps;
  const result: CaseResult = { ...f.result, id: findingCaseId(f) };
  const lines = [
    ...(f.interrupted !== undefined ? [INTERRUPTED_NOTE[f.interrupted]] : f.reproduced ? [] : ['UNCONFIRMED: the minimal sequence did not fail the same way when run again with longer deadlines (a slow machine?)']),
    formatCheckLine(result),
    `      found after ${plural(f.foundAfterSequences, 'sequence')} (${seconds(f.foundAfterMs)}); shrunk ${plural(f.shrinks, 'time')} in ${seconds(f.shrinkMs)}: ` +
      `${f.firstSteps} → ${plural(steps.length, 'step')}, ${plural(countRequests(steps), 'request')}${f.shrinkCutShort ? ' (shrink budget ran out)' : f.interrupted === 'shrinking' ? ' (interrupted)' : ''}`,
    '      steps:',
    ...steps.map((s) => `        ${clip(JSON.stringify(s), 220)}`),
    `      scenario: ${file}   (proxy-conformance replay ${file})`,
    f.guided === true
      ? '      replay:   the scenario file above (a guided run grows sequences from its corpus: its seed and path do not replay them)'
      : `      replay:   ${command} ${formatReplay(f.replay)}`,
  ];
  return lines.join('\n');
}

/** `412 blocks reached by 1200 sequences (1190 left counters); 23 seeds kept`. */
export function formatCoveragePoint(p: CoveragePoint): string {
  return `${plural(p.blocks, 'block')} reached by ${plural(p.sequences, 'sequence')} (${p.withCounters} left counters); ${plural(p.seeds, 'seed')} kept`;
}

/** What an interrupted finding did not finish, in place of the unconfirmed line. */
const INTERRUPTED_NOTE = {
  shrinking: 'INTERRUPTED while shrinking: the sequence below failed, but may not be minimal, and was not run again to confirm it',
  confirmation: 'INTERRUPTED while confirming: the sequence below failed, but its run again with longer deadlines did not finish',
} as const;

export function formatExploreSummary(s: ExploreSummary): string {
  const secs = s.durationMs / 1000;
  // Every sequence run was either explored (a new one) or a step of shrinking; skipped ones never ran.
  const pruned = s.pruned > 0 ? `; ${s.pruned} more skipped as known hangs` : '';
  const unconfirmed = s.findings.filter((f) => !f.reproduced && f.interrupted === undefined).length;
  const cut = s.findings.filter((f) => f.interrupted !== undefined).length;
  return (
    `${s.sequences} sequences run (${s.explored} explored + ${s.sequences - s.explored} while shrinking)${pruned}, ${s.requests} requests in ${secs.toFixed(1)} s: ` +
    `${(s.sequences / secs).toFixed(1)} sequences/s, ${(s.requests / secs).toFixed(0)} requests/s; ` +
    `${plural(s.findings.length - unconfirmed - cut, 'finding')}${unconfirmed > 0 ? ` (+${unconfirmed} unconfirmed)` : ''}${cut > 0 ? ` (+${cut} cut short by the interrupt)` : ''} (stopped by ${s.stoppedBy})`
  );
}

/** One line: how many fresh sessions served the sequences, and any failure only a reused session showed. */
function formatSessionUse({ sequencesPerSession, record }: FuzzEnd['sessions'], sequences: number): string {
  const only = record.notReproducedFresh.length;
  const resets = record.resetFailures.length;
  return (
    `sessions: ${record.freshSessions} fresh for ${sequences} sequences (up to ${sequencesPerSession} each), ${record.reusedSessions} sequences in a reused one` +
    (only > 0 ? `; ${only} failure(s) in a reused session that a fresh one did not repeat (fuzz.json: sessions.notReproducedFresh)` : '') +
    (resets > 0 ? `; ${resets} release(s) after a passing sequence went wrong (fuzz.json: sessions.resetFailures)` : '')
  );
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
