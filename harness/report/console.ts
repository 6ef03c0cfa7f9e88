// The console view: one line per check as it finishes, then the closing `N passed, N failed` line.
import type { CheckResult, RunResult } from '../findings/result.js';
import { countByStatus } from '../findings/result.js';
import type { Verdict } from '../findings/verdict.js';
import type { Baseline, BaselineComparison, BaselineEntry } from '../findings/baseline.js';

const LABEL: Record<Verdict['status'], string> = {
  pass: 'pass',
  'not-applicable': 'n/a ',
  fail: 'FAIL',
  hang: 'HANG',
  crash: 'CRASH',
  'harness-error': 'ERROR',
};

export interface ConsoleOut {
  write(text: string): void;
}

/** With a baseline entry, a matching outcome is marked as expected. */
export function formatCheckLine(result: CheckResult, recorded?: BaselineEntry): string {
  const ms = `${Math.round(result.durationMs)} ms`;
  const expected = recorded !== undefined && recorded.status === result.verdict.status ? '  [expected: baseline]' : '';
  const head = `${LABEL[result.verdict.status]}  ${result.id}  (${ms})${expected}`;
  const v = result.verdict;
  switch (v.status) {
    case 'pass':
      return head;
    case 'not-applicable':
      return `${head}\n      ${v.reason}`;
    case 'crash':
      return `${head}\n      ${v.message}${v.stderrTail.trim() ? `\n      stderr: ${keyLines(v.stderrTail)}` : ''}`;
    default:
      return `${head}\n      ${v.message}`;
  }
}

export function formatHeader(run: Pick<RunResult, 'implementation'>): string {
  const impl = run.implementation;
  const argv = [impl.executable, ...impl.args].join(' ');
  const protocol = impl.protocolVersion === null ? '' : `, protocol ${impl.protocolVersion}`;
  return `implementation: ${argv} (socket: ${impl.socket}${protocol})`;
}

/**
 * The closing line `N passed, N failed[, N skipped]`, alone on the last line; hangs, crashes and
 * harness errors count as failed and are broken down on the line before; n/a counts as skipped.
 */
export function formatSummary(results: readonly CheckResult[]): string {
  const c = countByStatus(results);
  const failed = c.fail + c.hang + c.crash + c['harness-error'];
  const breakdown = [
    c.hang ? `${c.hang} hung` : '',
    c.crash ? `${c.crash} crashed` : '',
    c['harness-error'] ? `${c['harness-error']} harness errors` : '',
  ].filter(Boolean);
  const last = `${c.pass} passed, ${failed} failed${c['not-applicable'] ? `, ${c['not-applicable']} skipped` : ''}`;
  return breakdown.length ? `failures include ${breakdown.join(', ')}\n${last}` : last;
}

export function formatBaselineComparison(c: BaselineComparison, baseline: Baseline): string {
  const lines = [`baseline ${baseline.implementation}: ${c.expected.length} recorded outcomes matched`];
  for (const r of c.regressions) lines.push(`REGRESSION  ${r.id}: expected ${r.expected}, got ${r.got}: ${r.message}`);
  for (const s of c.stale) lines.push(`STALE       ${s.id}: recorded ${s.expected}, now ${s.got} (remove the record)`);
  for (const id of c.unknown) lines.push(`UNKNOWN     ${id}: the baseline names a case the suite does not have`);
  return lines.join('\n');
}

/** A Go panic or fatal log line says more than the end of a stack trace; else the last lines. */
function keyLines(text: string): string {
  const key = text.split('\n').find((l) => /^(panic:|fatal error:)|level=fatal/.test(l.trim()));
  return key !== undefined ? key.trim() : lastLines(text, 3);
}

function lastLines(text: string, n: number): string {
  return text.trim().split('\n').slice(-n).join('\n              ');
}
