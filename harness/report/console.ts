// The console view: one line per check as it finishes, then the closing `N passed, N failed` line.
import type { CheckResult, RunResult } from '../findings/result.js';
import { countByStatus } from '../findings/result.js';
import type { Verdict } from '../findings/verdict.js';

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

export function formatCheckLine(result: CheckResult): string {
  const ms = `${Math.round(result.durationMs)} ms`;
  const head = `${LABEL[result.verdict.status]}  ${result.id}  (${ms})`;
  const v = result.verdict;
  switch (v.status) {
    case 'pass':
      return head;
    case 'not-applicable':
      return `${head}\n      ${v.reason}`;
    case 'crash':
      return `${head}\n      ${v.message}${v.stderrTail.trim() ? `\n      stderr: ${lastLines(v.stderrTail, 3)}` : ''}`;
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

function lastLines(text: string, n: number): string {
  return text.trim().split('\n').slice(-n).join('\n              ');
}
