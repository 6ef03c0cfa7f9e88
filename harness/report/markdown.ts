// summary.md: what a CI step summary or a pull-request comment needs — one table row per
// implementation, what gates (regressions, unexpected failures, stale records), and, for several
// implementations, the cases where they differ.
import { renderCoverageMarkdown } from './coverage-section.js';
import { tally, type CaseRecord, type ImplementationRun, type ReportDocument } from './model.js';
import { isFailure, type VerdictStatus } from '../verdicts/verdict.js';
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
  if (doc.interrupted) lines.push(`**The run was interrupted**: ${interruptedCount(doc)} cases were cut short and ${doc.interrupted.notRun} did not run.`, '');
  lines.push('| implementation | protocol | passed | failed | of which hung | of which crashed | expected by baseline | n/a | gate |');
  lines.push('|---|---|--:|--:|--:|--:|--:|--:|---|');
  for (const run of doc.runs) lines.push(runRow(run));
  lines.push('', FAILED_MEANS, '');
  for (const run of doc.runs) lines.push(...problems(run));
  if (doc.runs.length > 1) lines.push(...differences(doc.runs));
  lines.push(...renderCoverageMarkdown(doc.runs));
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function runRow(run: ImplementationRun): string {
  const impl = run.implementation;
  const c = tally(run.cases);
  const expected = run.cases.filter((r) => r.baseline?.outcome === 'expected').length;
  const name = `**${cell(impl.label)}**${impl.versionString ? `<br>${cell(impl.versionString)}` : ''}`;
  return `| ${name} | ${impl.protocolVersion ?? '—'} | ${c.pass} | ${c.failed} | ${c.hang} | ${c.crash} | ${run.baseline ? expected : '—'} | ${c['not-applicable']} | ${gateOf(run)} |`;
}

function gateOf(run: ImplementationRun): string {
  if (run.interrupted) return `⏹️ interrupted: ${run.interrupted.notRun.length} cases did not run`;
  if (run.preflightError !== null) return `❌ not initialized: ${cell(run.preflightError)}`;
  const b = run.baseline;
  if (b === null) return tally(run.cases).failed > 0 ? '❌ failures' : '✅ pass';
  const parts = [
    b.regressions.length ? `❌ ${b.regressions.length} regressions` : '',
    b.unknown.length ? `❌ ${b.unknown.length} unknown ids` : '',
    b.stale.length ? `⚠️ ${b.stale.length} stale records` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : `✅ matches baseline (${b.expected.length} known)`;
}

function problems(run: ImplementationRun): string[] {
  const b = run.baseline;
  const gating = run.cases.filter((r) => isFailure(r.verdict.status) && (b === null || r.baseline?.outcome === 'regression'));
  const out: string[] = [];
  if (gating.length > 0) {
    out.push(`### ${cell(run.implementation.label)}: ${b ? 'regressions' : 'failures'}`, '');
    for (const r of gating.slice(0, LIST_LIMIT)) {
      const known = r.knownDeviation ? ` (known ${r.knownDeviation.release} deviation \`${r.knownDeviation.id}\`: ${cell(r.knownDeviation.reason)})` : '';
      out.push(`- ${MARK[r.verdict.status]} \`${r.id}\` — ${cell(messageOf(r))}${known}`);
    }
    if (gating.length > LIST_LIMIT) out.push(`- … and ${gating.length - LIST_LIMIT} more (see results.json)`);
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
