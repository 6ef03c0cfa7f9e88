// The console view: a live progress line while cases run, then the results grouped by method, the
// baseline's verdict, and the closing `N passed, N failed` line, always last.
import { createColors } from 'picocolors';
import type { CaseResult, ImplementationInfo } from '../verdicts/result.js';
import { isFailure, isPassing, type Verdict, type VerdictStatus } from '../verdicts/verdict.js';
import type { Baseline, BaselineComparison } from '../verdicts/baseline.js';
import { tally, type CaseRecord, type ImplementationRun } from './model.js';
import { printable } from '../printable.js';

type Colors = ReturnType<typeof createColors>;

const LABEL: Record<VerdictStatus, string> = {
  pass: 'pass',
  'not-applicable': 'n/a ',
  fail: 'FAIL',
  hang: 'HANG',
  crash: 'CRASH',
  'harness-error': 'ERROR',
  interrupted: 'INTERRUPTED',
};

export interface ConsoleOut {
  write(text: string): void;
  /** A terminal gets colour and a redrawn progress line; anything else gets plain lines. */
  isTTY?: boolean;
  /** Writes without a newline: the progress line on a terminal. */
  writeRaw?(text: string): void;
}

/**
 * With a baseline entry, a matching outcome is marked as expected; without one, a failure that
 * matches a known deviation of the implementation's release is named, with why (still a failure).
 */
export function formatCheckLine(result: CaseResult & Pick<CaseRecord, 'knownDeviation'>, recorded?: { status?: VerdictStatus }, colors: Colors = createColors(false)): string {
  const ms = `${Math.round(result.durationMs)} ms`;
  // A case that never ran matches no record, whatever its status says.
  const expected = recorded !== undefined && recorded.status === result.verdict.status && result.notRun !== true;
  const known = result.knownDeviation;
  const label = paint(colors, result.verdict.status, LABEL[result.verdict.status], expected);
  const mark = expected ? colors.dim('  [expected: baseline]') : known ? colors.yellow(`  [known ${known.release} deviation: ${known.id}]`) : '';
  const head = `${label}  ${result.id}  (${ms})${mark}`;
  const detail = [detailOf(result.verdict), known ? colors.dim(`why: ${known.reason}`) : ''].filter(Boolean).join('\n      ');
  return detail === '' ? head : `${head}\n      ${detail}`;
}

function detailOf(v: Verdict): string {
  switch (v.status) {
    case 'pass':
      return '';
    case 'not-applicable':
      return v.reason;
    case 'crash':
      return `${v.message}${v.stderrTail.trim() ? `\n      stderr: ${keyLines(v.stderrTail)}` : ''}`;
    default:
      return v.message;
  }
}

function paint(c: Colors, status: VerdictStatus, text: string, expected: boolean): string {
  if (status === 'pass') return c.green(text);
  if (status === 'not-applicable') return c.dim(text);
  if (status === 'interrupted') return c.yellow(text);
  return expected ? c.yellow(text) : c.bold(c.red(text));
}

export function formatHeader(run: { implementation: ImplementationInfo & { versionString?: string | null } }): string {
  const impl = run.implementation;
  const argv = [impl.executable, ...impl.args].join(' ');
  const protocol = impl.protocolVersion === null ? '' : `, protocol ${impl.protocolVersion}`;
  const version = impl.versionString ? `, ${impl.versionString}` : '';
  return `implementation: ${argv} (socket: ${impl.socket}${protocol}${version})`;
}

/**
 * The closing line: `N passed, N failed`, then in parentheses what the failures were (hangs,
 * crashes, harness errors) and how many the baseline expected, then the cases that did not apply.
 * An interrupted run (`notRun` given) says so first, and ends with the cases cut short and never started.
 */
export function formatSummary(results: readonly (CaseResult & Partial<Pick<CaseRecord, 'baseline' | 'knownDeviation'>>)[], notRun?: number): string {
  const c = tally(results);
  const known = results.filter((r) => r.knownDeviation !== undefined);
  const expected = results.filter((r) => r.baseline?.outcome === 'expected').length;
  const flaky = results.filter((r) => r.baseline?.outcome === 'flaky' && r.verdict.status !== 'pass').length;
  const notes = [
    c.hang ? `${c.hang} hung` : '',
    c.crash ? `${c.crash} crashed` : '',
    c['harness-error'] ? `${c['harness-error']} harness error${c['harness-error'] > 1 ? 's' : ''}` : '',
    expected ? `${expected} expected by the baseline` : '',
    flaky ? `${flaky} flaky` : '',
  ].filter(Boolean);
  const na = c['not-applicable'] ? `, ${c['not-applicable']} not applicable` : '';
  const releases = [...new Set(known.map((r) => r.knownDeviation?.release))].join(' and ');
  const explained = known.length === 0 ? '' : known.length === c.failed ? `, all ${known.length} known ${releases} deviations` : `, ${known.length} of them known ${releases} deviations`;
  const line = `${c.pass} passed, ${c.failed} failed${notes.length ? ` (${notes.join(', ')})` : ''}${explained}${na}`;
  if (notRun === undefined && c.interrupted === 0) return line;
  return `interrupted: ${line}, ${c.interrupted} interrupted, ${notRun ?? 0} did not run`;
}

function formatBaselineComparison(c: BaselineComparison, baseline: Pick<Baseline, 'implementation'>): string {
  const flaky = c.flaky.length ? `, ${c.flaky.length} flaky (not gating)` : '';
  // The implementation's name and the ids are the baseline file's text: shown, never interpreted.
  const lines = [`baseline ${printable(baseline.implementation)}: ${c.expected.length} recorded outcomes matched${flaky}`];
  for (const r of c.regressions) lines.push(`REGRESSION  ${r.id}: expected ${r.expected}, got ${r.got}: ${r.message}`);
  for (const s of c.stale) lines.push(`STALE       ${s.id}: recorded ${s.expected}, now ${s.got} (remove the record)`);
  for (const id of c.unknown) lines.push(`UNKNOWN     ${printable(id)}: the baseline names a case the suite does not have`);
  return lines.join('\n');
}

interface ConsoleOptions {
  /** Only what did not pass, baseline problems and the summary line. */
  quiet?: boolean;
  /** Default: on for a terminal, off otherwise; NO_COLOR and FORCE_COLOR are honoured. */
  color?: boolean;
  /** Without a terminal, a progress line at most this often (default 15 s). */
  progressEveryMs?: number;
  now?: () => number;
}

/** Prints one run (one or more implementations) as it happens. */
export class ConsoleReporter {
  readonly colors: Colors;
  private readonly quiet: boolean;
  private readonly tty: boolean;
  private readonly every: number;
  private readonly now: () => number;
  private total = 0;
  private done = 0;
  private failed = 0;
  private readonly running = new Set<string>();
  private lastProgress = 0;
  private statusShown = false;
  /** When the reporter was made: the run's set-up (fixtures, registry) counts in its wall time. */
  private readonly createdAt: number;
  /** What did not pass, per implementation, for the recap above the summary line. */
  private readonly failures: Array<{ label: string; record: CaseRecord }> = [];
  private implementations = 0;

  constructor(
    private readonly out: ConsoleOut,
    options: ConsoleOptions = {},
  ) {
    this.quiet = options.quiet ?? false;
    this.tty = out.isTTY === true && out.writeRaw !== undefined;
    this.colors = createColors(options.color ?? colorWanted(out.isTTY === true));
    this.every = options.progressEveryMs ?? 15_000;
    this.now = options.now ?? (() => performance.now());
    this.createdAt = this.now();
  }

  /** A plain line, kept above the progress line. */
  line(text: string): void {
    this.clearStatus();
    this.out.write(text);
  }

  /** A line only for the full view. */
  info(text: string): void {
    if (!this.quiet) this.line(text);
  }

  implementationStarted(header: string, total: number): void {
    this.total = total;
    this.done = 0;
    this.failed = 0;
    this.running.clear();
    this.lastProgress = this.now();
    this.info(this.colors.bold(header));
  }

  caseStarted(id: string): void {
    this.running.add(id);
    if (this.tty) this.drawStatus();
  }

  caseFinished(result: CaseResult, gating: boolean): void {
    this.running.delete(result.id);
    this.done++;
    if (gating && isFailure(result.verdict.status)) this.failed++;
    if (this.tty) this.drawStatus();
    else if (!this.quiet && this.now() - this.lastProgress >= this.every && this.done < this.total) {
      this.lastProgress = this.now();
      this.out.write(`… ${this.progressText()}`);
    }
  }

  /** The results grouped by method group, then the baseline lines; the summary line comes from `summary`. */
  implementationFinished(run: ImplementationRun): void {
    this.clearStatus();
    this.implementations++;
    for (const record of run.cases) if (isFailure(record.verdict.status)) this.failures.push({ label: run.implementation.label, record });
    const c = this.colors;
    const groups = new Map<string, CaseRecord[]>();
    for (const r of run.cases) groups.set(r.group, [...(groups.get(r.group) ?? []), r]);
    for (const [group, cases] of groups) {
      const shown = this.quiet ? cases.filter((r) => !isPassing(r.verdict.status)) : cases;
      if (shown.length === 0) continue;
      const t = tally(cases);
      this.out.write(c.bold(`── ${group}  `) + c.dim(`${cases.length} cases: ${t.pass} passed, ${t.failed} failed${t['not-applicable'] ? `, ${t['not-applicable']} n/a` : ''}${t.interrupted ? `, ${t.interrupted} interrupted` : ''}`));
      for (const r of shown) this.out.write(`${formatCheckLine(r, r.baseline?.recorded ? { status: r.baseline.recorded } : undefined, c)}${attemptsOf(r)}`);
    }
    const impl = run.implementation;
    if (run.preflightError) this.out.write(c.red(`the implementation could not be initialized: ${run.preflightError}`));
    // A client run has no implementation's protocol version to name: the proxy is the harness.
    else if (impl.protocolVersion !== null) this.info(`protocol version: ${impl.protocolVersion}${impl.versionString ? ` (${impl.versionString})` : ''}`);
    this.info(`cases: ${(run.durationMs / 1000).toFixed(1)} s`);
    if (run.baseline) {
      const b = run.baseline;
      const text = formatBaselineComparison({ ...b, regressions: b.regressions as BaselineComparison['regressions'], stale: b.stale as BaselineComparison['stale'] }, b);
      for (const l of text.split('\n')) this.out.write(/^(REGRESSION|UNKNOWN)/.test(l) ? c.red(l) : /^STALE/.test(l) ? c.yellow(l) : l);
    }
  }

  /**
   * The last lines of the output: a recap of what did not pass (so a long run's failures need no
   * scrolling back), the wall time from the reporter's making (set-up and reports included), then the
   * summary line, always last.
   */
  summary(text: string, ok: boolean): void {
    this.clearStatus();
    const c = this.colors;
    if (this.failures.length > 0) {
      this.out.write(c.bold(`did not pass (${this.failures.length}):`));
      for (const { label, record } of this.failures) {
        const note = record.baseline?.outcome === 'expected' ? '  [expected: baseline]' : record.knownDeviation ? `  [known: ${record.knownDeviation.id}]` : '';
        const who = this.implementations > 1 ? `${label}: ` : '';
        this.out.write(`  ${paint(c, record.verdict.status, LABEL[record.verdict.status], note !== '')}  ${who}${record.id}  ${record.level}${note}`);
      }
    }
    this.info(`wall time: ${((this.now() - this.createdAt) / 1000).toFixed(1)} s (set-up, cases and reports)`);
    this.out.write(ok ? c.green(text) : c.bold(c.red(text)));
  }

  private progressText(): string {
    const current = [...this.running].slice(0, 2).join(', ');
    const failed = this.failed ? `, ${this.failed} not passing` : '';
    return `${this.done}/${this.total} cases${failed}${current ? `; running ${current}` : ''}`;
  }

  private drawStatus(): void {
    // A terminal may report 0 columns (some CI pseudo-terminals): take that as unknown, not as 0.
    const columns = process.stdout.columns || 100;
    const text = this.progressText().slice(0, Math.max(20, columns - 1));
    this.out.writeRaw?.(`\r\x1b[K${this.colors.dim(text)}`);
    this.statusShown = true;
  }

  private clearStatus(): void {
    if (!this.statusShown) return;
    this.out.writeRaw?.('\r\x1b[K');
    this.statusShown = false;
  }
}

function attemptsOf(r: CaseRecord): string {
  return r.attempts && r.attempts.length > 0 ? `\n        attempts: ${[...r.attempts, r.verdict.status].join(' → ')} (flaky: re-run alone)` : '';
}

/** NO_COLOR wins, then FORCE_COLOR, then whether the output is a terminal. */
export function colorWanted(isTTY: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0';
  return isTTY;
}

/** A Go panic or fatal log line says more than the end of a stack trace; else the last lines. */
function keyLines(text: string): string {
  const key = text.split('\n').find((l) => /^(panic:|fatal error:)|level=fatal/.test(l.trim()));
  return key !== undefined ? key.trim() : lastLines(text, 3);
}

function lastLines(text: string, n: number): string {
  return text.trim().split('\n').slice(-n).join('\n              ');
}
