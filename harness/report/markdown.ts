// summary.md: what a CI step summary or a pull-request comment needs — one table row per
// implementation, what gates (regressions, unexpected failures, stale records), and, for several
// implementations, the cases where they differ.
import { renderCoverageMarkdown } from './coverage-section.js';
import { tally, type CaseRecord, type ImplementationRun, type ReportDocument } from './model.js';
import { isFailure, type VerdictStatus } from '../verdicts/verdict.js';
import { DEFAULT_FAIL_ON, describeFailOn, gates } from '../verdicts/fail-on.js';
import { countGating } from '../verdicts/exit-codes.js';
import type { Level } from '../model/case.js';
import { excerpt, printable } from '../printable.js';

const MARK: Record<VerdictStatus, string> = {
  pass: '✅ pass',
  'not-applicable': '➖ n/a',
  fail: '❌ fail',
  hang: '⏳ hang',
  crash: '💥 crash',
  'harness-error': '⚠️ error',
  interrupted: '⏹️ interrupted',
};

/** Cases listed in full before the rest are folded into a count. */
const LIST_LIMIT = 30;

/** One definition of the counts in every format (console, summary.md, index.html). */
export const FAILED_MEANS = '*failed* counts every applicable case that did not pass: failures, hangs, crashes and harness errors; passed, failed and n/a add up to the cases that ran to the end.';

export function renderMarkdown(doc: ReportDocument): string {
  const lines: string[] = ['## Image proxy conformance', ''];
  const cfg = doc.configuration;
  const shard = cfg.shard ? `, shard ${cfg.shard.index}/${cfg.shard.count}` : '';
  const merged = doc.mergedFrom ? `, merged from ${doc.mergedFrom.length} files` : '';
  lines.push(`${cfg.selectedCases} of ${cfg.suiteCases} cases${shard}${merged}; fixture seed ${cfg.fixtureSeed}; proxy-conformance ${doc.environment.tool.version}.`, '');
  // Results written before --fail-on was recorded gated every failure; they get no line about it.
  const failOn = cfg.failOn ?? DEFAULT_FAIL_ON;
  if (cfg.failOn !== undefined) lines.push(`Gate: \`--fail-on ${cfg.failOn}\`: ${describeFailOn(cfg.failOn)}.`, '');
  if (doc.interrupted) lines.push(`**The run was interrupted**: ${interruptedCount(doc)} cases were cut short and ${doc.interrupted.notRun} did not run.`, '');
  lines.push('| implementation | protocol | passed | failed | of which hung | of which crashed | expected by baseline | n/a | gate |');
  lines.push('|---|---|--:|--:|--:|--:|--:|--:|---|');
  for (const run of doc.runs) lines.push(runRow(run, failOn));
  lines.push('', FAILED_MEANS, '');
  for (const run of doc.runs) lines.push(...problems(run, failOn));
  if (doc.runs.length > 1) lines.push(...differences(doc.runs));
  lines.push(...renderCoverageMarkdown(doc.runs));
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function runRow(run: ImplementationRun, failOn: Level): string {
  const impl = run.implementation;
  const c = tally(run.cases);
  const expected = run.cases.filter((r) => r.baseline?.outcome === 'expected').length;
  const name = `**${cell(impl.label)}**${impl.versionString ? `<br>${cell(impl.versionString)}` : ''}`;
  return `| ${name} | ${impl.protocolVersion ?? '—'} | ${c.pass} | ${c.failed} | ${c.hang} | ${c.crash} | ${run.baseline ? expected : '—'} | ${c['not-applicable']} | ${gateOf(run, failOn)} |`;
}

/**
 * What gates, as the exit code decides it: with --fail-on, only failures (or regressions) of cases at
 * that level or stricter; the rest are counted apart as not gating.
 */
function gateOf(run: ImplementationRun, failOn: Level): string {
  if (run.interrupted) return `⏹️ interrupted: ${run.interrupted.notRun.length} cases did not run`;
  if (run.preflightError !== null) return `❌ not initialized: ${cell(run.preflightError)}`;
  const b = run.baseline;
  const { gating, reportedOnly } = countGating(run, failOn);
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const what = b === null ? 'failure' : 'regression';
  const notGating = reportedOnly ? `⚠️ ${count(reportedOnly, what)} below ${failOn}, not gating` : '';
  const parts = [
    gating ? `❌ ${count(gating, what)}` : '',
    b?.unknown.length ? `❌ ${b.unknown.length} unknown ids` : '',
    b?.stale.length ? `⚠️ ${b.stale.length} stale records` : '',
  ].filter(Boolean);
  if (parts.length === 0 && b === null && !notGating) return '✅ pass';
  const ok = parts.length === 0 && b !== null ? [`✅ matches baseline (${b.expected.length} known)`] : [];
  return [...ok, ...parts, notGating].filter(Boolean).join(', ');
}

function problems(run: ImplementationRun, failOn: Level): string[] {
  const b = run.baseline;
  const listed = run.cases.filter((r) => isFailure(r.verdict.status) && (b === null || r.baseline?.outcome === 'regression'));
  const out: string[] = [];
  if (listed.length > 0) {
    out.push(`### ${cell(run.implementation.label)}: ${b ? 'regressions' : 'failures'}`, '');
    for (const r of listed.slice(0, LIST_LIMIT)) {
      const known = r.knownDeviation ? ` (known ${r.knownDeviation.release} deviation \`${r.knownDeviation.id}\`: ${cell(r.knownDeviation.reason)})` : '';
      const gate = gates(r.level, failOn) ? '' : ` (${r.level}: not gating below --fail-on ${failOn})`;
      out.push(`- ${MARK[r.verdict.status]} \`${r.id}\` — ${cell(messageOf(r))}${known}${gate}`);
    }
    if (listed.length > LIST_LIMIT) out.push(`- … and ${listed.length - LIST_LIMIT} more (see results.json)`);
    out.push('');
  }
  if (b && b.stale.length > 0) {
    out.push(`### ${cell(run.implementation.label)}: stale baseline records`, '');
    for (const s of b.stale) out.push(`- \`${s.id}\`: recorded ${s.expected}, now ${s.got} — remove the record`);
    out.push('');
  }
  if (b && b.unknown.length > 0) {
    out.push(`### ${cell(run.implementation.label)}: baseline ids the suite does not have`, '');
    for (const id of b.unknown) out.push(`- \`${id}\``);
    out.push('');
  }
  const known = run.cases.filter((r) => r.baseline?.outcome === 'expected' || (r.baseline?.outcome === 'flaky' && isFailure(r.verdict.status)));
  if (known.length > 0) {
    out.push('<details>', `<summary>${cell(run.implementation.label)}: ${known.length} known deviations (baseline)</summary>`, '');
    for (const r of known) out.push(`- ${MARK[r.verdict.status]} \`${r.id}\`${r.baseline?.reason ? ` — ${cell(r.baseline.reason)}` : ''}`);
    out.push('', '</details>', '');
  }
  return out;
}

/** Cases whose verdicts differ between implementations. */
function differences(runs: readonly ImplementationRun[]): string[] {
  const byId = runs.map((run) => new Map(run.cases.map((c) => [c.id, c])));
  const ids = [...new Set(runs.flatMap((r) => r.cases.map((c) => c.id)))];
  const differing = ids.filter((id) => new Set(byId.map((m) => m.get(id)?.verdict.status ?? 'absent')).size > 1);
  if (differing.length === 0) return ['All implementations agree on every case.', ''];
  const out = [`### Where the implementations differ (${differing.length} cases)`, ''];
  out.push(`| case | ${runs.map((r) => cell(r.implementation.label)).join(' | ')} |`, `|---|${runs.map(() => '---').join('|')}|`);
  for (const id of differing.slice(0, LIST_LIMIT)) {
    out.push(`| \`${id}\` | ${byId.map((m) => { const c = m.get(id); return c ? MARK[c.verdict.status] : '—'; }).join(' | ')} |`);
  }
  if (differing.length > LIST_LIMIT) out.push('', `… and ${differing.length - LIST_LIMIT} more (see index.html).`);
  out.push('');
  return out;
}

function interruptedCount(doc: ReportDocument): number {
  return doc.runs.reduce((n, run) => n + tally(run.cases).interrupted, 0);
}

function messageOf(r: CaseRecord): string {
  return 'message' in r.verdict ? r.verdict.message : r.verdict.status;
}

/** Text from an implementation, safe inside a table cell: one line, no pipes, no markup. */
function cell(text: string): string {
  return printable(excerpt(text, { max: 300 }))
    .replace(/\s+/g, ' ')
    .replace(/[|\\`*_<>[\]]/g, (ch) => `\\${ch}`);
}
