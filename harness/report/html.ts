// index.html: the whole run in one self-contained page (no network: inline style and script, a
// CSP that allows nothing else). Header and counts, a matrix of cases × implementations when there
// are several, then each implementation's cases by method group with their wire evidence.
import { createHash } from 'node:crypto';
import { isFailure, VERDICT_STATUSES } from '../verdicts/verdict.js';
import { formatSummary } from './console.js';
import { SCRIPT, STYLE } from './html-assets.js';
import { CASE_COLUMNS, anchor, badge, esc, renderCase } from './html-case.js';
import { renderMatrix } from './html-matrix.js';
import { FAILED_MEANS } from './markdown.js';
import { renderCoverageHtml } from './coverage-section.js';
import { tally, type BaselineOutcome, type CaseRecord, type ImplementationRun, type ReportDocument } from './model.js';
import { excerpt } from '../printable.js';
import { describeFailOn } from '../verdicts/fail-on.js';

const OUTCOMES: Exclude<BaselineOutcome, 'clean'>[] = ['expected', 'regression', 'stale', 'flaky'];
const LEVELS = ['MUST', 'SHOULD', 'INFO'];

/** The CSP allows the inline script by its digest, so no other script can run. */
function contentSecurityPolicy(): string {
  const digest = createHash('sha256').update(SCRIPT).digest('base64');
  return `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${digest}'; img-src data:; base-uri 'none'; form-action 'none'`;
}

export function renderHtml(doc: ReportDocument): string {
  const several = doc.runs.length > 1;
  const labels = doc.runs.map((r) => r.implementation.label).join(' · ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}">
<title>proxy-conformance: ${esc(labels)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Image proxy conformance</h1>
<p class="sub">${esc(labels)} — ${doc.runs.map((r) => esc(`${several ? `${r.implementation.label}: ` : ''}${formatSummary(r.cases, r.interrupted?.notRun.length)}`)).join('; ')}</p>
${renderConfiguration(doc)}
<div class="cards">${doc.runs.map(renderImplementation).join('\n')}</div>
</header>
${renderFailures(doc.runs)}
${renderCounts(doc.runs)}
${several ? renderMatrix(doc.runs) : ''}
${renderFilters(doc)}
${doc.runs.map((run, i) => renderRun(run, i, several)).join('\n')}
${renderCoverageHtml(doc.runs)}
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function renderConfiguration(doc: ReportDocument): string {
  const c = doc.configuration;
  const e = doc.environment;
  const selection = [
    `${c.selectedCases} of ${c.suiteCases} cases`,
    c.run.length ? `run ${c.run.join(', ')}` : '',
    c.skip.length ? `skip ${c.skip.join(', ')}` : '',
    c.level ? `level ${c.level}` : '',
    c.shard ? `shard ${c.shard.index}/${c.shard.count}` : '',
  ].filter(Boolean);
  const rows: Array<[string, string]> = [
    ['started', `${doc.startedAt}, ${(doc.durationMs / 1000).toFixed(1)} s`],
    ['selection', selection.join('; ')],
    // Results written before --fail-on was recorded have no gate row.
    ...(c.failOn !== undefined ? [['gate', `--fail-on ${c.failOn}: ${describeFailOn(c.failOn)}`] as [string, string]] : []),
    ['fixture seed', String(c.fixtureSeed)],
    ['timeouts', `${c.timeouts.clientMs !== undefined ? `client ${c.timeouts.clientMs} ms per case, ` : ''}reply ${c.timeouts.callMs} ms, payload ${c.timeouts.payloadMs} ms${c.timeouts.progressMs !== undefined ? ` without progress (up to ${c.timeouts.progressMs} ms with)` : ''}, exit ${c.timeouts.exitMs} ms, terminate ${c.timeouts.termMs} ms; ${c.jobs} jobs`],
    ['environment', `${e.tool.name} ${e.tool.version}, Node ${e.node}, ${e.platform} ${e.arch}, kernel ${e.kernel}, ${e.cpus} CPUs${e.ci ? `; ${e.ci}` : ''}`],
  ];
  if (c.configFile) rows.push(['config file', c.configFile]);
  if (doc.mergedFrom) rows.push(['merged from', doc.mergedFrom.join(', ')]);
  rows.push(['suite digest', c.suiteDigest]);
  return `<dl class="meta">${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`;
}

function renderImplementation(run: ImplementationRun): string {
  const impl = run.implementation;
  const b = run.baseline;
  return `<div class="card"><h3>${esc(impl.label)}</h3>
<div class="mono">${esc([impl.executable, ...impl.args].join(' '))}</div>
<div>${esc(impl.versionString ?? 'no version string')} · protocol ${esc(impl.protocolVersion ?? 'not initialized')} · socket ${esc(impl.socket)} · ${(run.durationMs / 1000).toFixed(1)} s</div>
${run.preflightError !== null ? `<div class="message error">could not initialize: ${esc(run.preflightError)}</div>` : ''}
<div>${b ? `baseline <code>${esc(b.file)}</code> (${esc(b.implementation)})${b.unknown.length ? ` — <span class="pill regression">${b.unknown.length} unknown ids</span>` : ''}` : 'no baseline'}</div></div>`;
}

/**
 * What did not pass comes first, with its reason in sight: id (a link to its row), verdict, level,
 * the message and whether a baseline or a known deviation explains it.
 */
function renderFailures(runs: readonly ImplementationRun[]): string {
  const several = runs.length > 1;
  const rows = runs.flatMap((run, i) =>
    run.cases
      .filter((c) => FAILURE_STATUSES.includes(c.verdict.status))
      .map((c) => {
        const v = c.verdict;
        const message = 'message' in v ? v.message : '';
        const note = c.baseline?.outcome === 'expected' ? '<span class="pill expected">expected</span> ' : c.knownDeviation ? `<span class="pill expected">known ${esc(c.knownDeviation.id)}</span> ` : '';
        return `<tr><td>${badge(v.status)}</td><td><a href="#${anchor(c.id, several ? i : null)}"><code>${esc(c.id)}</code></a>${several ? ` <span class="sub">${esc(run.implementation.label)}</span>` : ''}</td><td>${c.level}</td><td>${note}${esc(excerpt(message, { max: 300 }))}</td></tr>`;
      }),
  );
  if (rows.length === 0) return '<section id="failures"><h2>Every applicable case passed</h2></section>';
  return `<section id="failures"><h2>Did not pass (${rows.length})</h2><table class="cases"><thead><tr><th>verdict</th><th>case</th><th>level</th><th>reason</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

const FAILURE_STATUSES: readonly string[] = VERDICT_STATUSES.filter((s) => isFailure(s));

/** Counts per verdict and baseline outcome, a row per implementation, ending in the console's figures. */
function renderCounts(runs: readonly ImplementationRun[]): string {
  // One definition everywhere: "failed" is every applicable case that did not pass; its parts follow it.
  const column = (s: (typeof VERDICT_STATUSES)[number]) => (isFailure(s) ? `<th class="num">of which ${badge(s)}</th>` : `<th class="num">${badge(s)}</th>`);
  const order = ['pass', 'failed', ...VERDICT_STATUSES.filter((s) => isFailure(s)), 'not-applicable', 'interrupted'] as const;
  const head = `<tr><th>implementation</th>${order.map((s) => (s === 'failed' ? '<th class="num">failed</th>' : column(s))).join('')}${OUTCOMES.map((o) => `<th class="num"><span class="pill ${o}">${o}</span></th>`).join('')}<th>result</th></tr>`;
  const rows = runs.map((run) => {
    const t = tally(run.cases);
    const verdicts = order.map((s) => `<td class="num${t[s] ? ' some' : ''}">${t[s]}</td>`).join('');
    const outcomes = OUTCOMES.map((o) => {
      const n = run.cases.filter((c) => c.baseline?.outcome === o).length;
      return `<td class="num${n ? ' some' : ''}">${run.baseline ? n : '—'}</td>`;
    }).join('');
    return `<tr><th>${esc(run.implementation.label)}</th>${verdicts}${outcomes}<td class="closing">${esc(formatSummary(run.cases, run.interrupted?.notRun.length))}</td></tr>`;
  });
  return `<section id="summary"><h2>Summary</h2><table class="counts"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table><p class="sub">${esc(FAILED_MEANS.replace(/\*/g, ''))}</p></section>`;
}

/** Hidden until the script shows it: with scripts off the page lists every case and nothing is inert. */
function renderFilters(doc: ReportDocument): string {
  const all = doc.runs.flatMap((r) => r.cases);
  const groups = [...new Set(all.map((c) => c.group))];
  const option = (value: string, label = value) => `<option value="${esc(value)}">${esc(label)}</option>`;
  const select = (name: string, label: string, options: string[]) =>
    `<label>${label} <select name="${name}">${option('', 'all')}${options.join('')}</select></label>`;
  return `<form class="filters" id="filters" hidden>
${select('status', 'verdict', [option('failed', 'any failure'), ...VERDICT_STATUSES.map((s) => option(s, s === 'not-applicable' ? 'n/a' : s))])}
${select('group', 'method', groups.map((g) => option(g)))}
${select('level', 'level', LEVELS.map((l) => option(l)))}
${select('baseline', 'baseline', ['clean', ...OUTCOMES].map((o) => option(o)))}
<label>search <input name="q" type="search" placeholder="id or title"></label>
<span id="visible-count" class="title">${all.length} cases</span>
</form>`;
}

/** A section per implementation, `#impl-N` for the matrix's column headings to link to. */
function renderRun(run: ImplementationRun, index: number, several: boolean): string {
  const runIndex = several ? index : null;
  const heading = `<h2>${several ? `${esc(run.implementation.label)}: ` : ''}${run.cases.length} cases</h2>`;
  const notRun = run.interrupted ? `<p class="message error">The run was interrupted: ${run.interrupted.notRun.length} selected cases did not run.</p>` : '';
  if (run.cases.length === 0) {
    return `<section class="impl" id="impl-${index}">${heading}${notRun}<p class="message">${run.preflightError !== null ? `No case ran: ${esc(run.preflightError)}` : run.interrupted ? 'No case ran.' : 'No case was selected.'}</p></section>`;
  }
  const groups = new Map<string, CaseRecord[]>();
  for (const c of run.cases) groups.set(c.group, [...(groups.get(c.group) ?? []), c]);
  const bodies = [...groups].map(([group, cases]) => {
    const t = tally(cases);
    const counts = `${cases.length} case${cases.length === 1 ? '' : 's'}: ${t.pass} passed, ${t.failed} failed${t['not-applicable'] ? `, ${t['not-applicable']} n/a` : ''}${t.interrupted ? `, ${t.interrupted} interrupted` : ''}`;
    const header = `<tr class="group"><th colspan="${CASE_COLUMNS.length}">${esc(group)}<span class="counts">${counts}</span></th></tr>`;
    return `<tbody class="group-body">${header}${cases.map((c) => renderCase(c, runIndex)).join('')}</tbody>`;
  });
  return `<section class="impl" id="impl-${index}">
${heading}${notRun}
<table class="cases"><thead><tr>${CASE_COLUMNS.map((h) => `<th>${h}</th>`).join('')}</tr></thead>
${bodies.join('\n')}
</table></section>`;
}
