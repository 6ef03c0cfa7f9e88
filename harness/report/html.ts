// index.html: the whole run in one self-contained page (no network: inline style and script, a
// CSP that allows nothing else). Summary cards, a matrix of cases × implementations when there are
// several, then each implementation's cases by method group with their wire evidence.
import { createHash } from 'node:crypto';
import type { TranscriptEvent } from '../protocol/transcript.js';
import type { VerdictStatus } from '../findings/verdict.js';
import { formatSummary } from './console.js';
import { SCRIPT, STYLE } from './html-assets.js';
import { tally, type CaseRecord, type ImplementationRun, type ReportDocument } from './model.js';

const SHORT: Record<VerdictStatus, string> = {
  pass: 'pass',
  'not-applicable': 'n/a',
  fail: 'FAIL',
  hang: 'HANG',
  crash: 'CRASH',
  'harness-error': 'ERROR',
};

export function renderHtml(doc: ReportDocument): string {
  const labels = doc.runs.map((r) => r.implementation.label).join(' · ');
  const all = doc.runs.flatMap((r) => r.cases);
  const scriptHash = createHash('sha256').update(SCRIPT).digest('base64');
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${scriptHash}'; img-src data:`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>proxy-conformance: ${esc(labels)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Image proxy conformance</h1>
<p class="sub">${esc(doc.runs.length > 1 ? `${doc.runs.length} implementations: ` : '')}${esc(formatSummary(all))}</p>
${renderMeta(doc)}
</header>
<section id="summary"><div class="cards">${doc.runs.map(renderCard).join('')}</div></section>
${doc.runs.length > 1 ? renderMatrix(doc.runs) : ''}
${renderFilters(doc)}
${doc.runs.map((run, i) => renderRun(run, i, doc.runs.length > 1)).join('\n')}
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function renderMeta(doc: ReportDocument): string {
  const c = doc.configuration;
  const e = doc.environment;
  const rows: Array<[string, string]> = [
    ['started', `${doc.startedAt} (${(doc.durationMs / 1000).toFixed(1)} s)`],
    ['selection', `${c.selectedCases} of ${c.suiteCases} cases${c.run.length ? `; run ${c.run.join(', ')}` : ''}${c.skip.length ? `; skip ${c.skip.join(', ')}` : ''}${c.level ? `; level ${c.level}` : ''}${c.shard ? `; shard ${c.shard.index}/${c.shard.count}` : ''}`],
    ['fixture seed', String(c.fixtureSeed)],
    ['timeouts', `reply ${c.timeouts.callMs} ms, payload ${c.timeouts.payloadMs} ms, exit ${c.timeouts.exitMs} ms; ${c.jobs} jobs`],
    ['tool', `${e.tool.name} ${e.tool.version} on Node ${e.node}, ${e.platform} ${e.arch} ${e.kernel}, ${e.cpus} CPUs${e.ci ? `; ${e.ci}` : ''}`],
  ];
  if (doc.mergedFrom) rows.push(['merged from', doc.mergedFrom.join(', ')]);
  if (c.configFile) rows.push(['config file', c.configFile]);
  return `<dl class="meta">${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`;
}

function renderCard(run: ImplementationRun, index: number): string {
  const impl = run.implementation;
  const t = tally(run.cases);
  const badges = (Object.keys(SHORT) as VerdictStatus[])
    .filter((s) => t[s] > 0)
    .map((s) => `<span class="badge v-${s}">${t[s]} ${SHORT[s]}</span>`)
    .join(' ');
  const b = run.baseline;
  const baseline = b
    ? `<div>baseline <code>${esc(b.file)}</code>: ${b.expected.length} expected${pill(b.regressions.length, 'regression')}${pill(b.stale.length, 'stale')}${pill(b.unknown.length, 'unknown')}${pill(b.flaky.length, 'flaky')}</div>`
    : '';
  return `<div class="card"><h3><a href="#impl-${index}">${esc(impl.label)}</a></h3>
<div class="mono">${esc([impl.executable, ...impl.args].join(' '))}</div>
<div>${esc(impl.versionString ?? 'version unknown')} · protocol ${esc(impl.protocolVersion ?? 'not initialized')} · socket ${esc(impl.socket)} · ${(run.durationMs / 1000).toFixed(1)} s</div>
${run.preflightError ? `<div class="message">could not initialize: ${esc(run.preflightError)}</div>` : ''}
<div>${badges}</div>${baseline}
<div class="line">${esc(formatSummary(run.cases))}</div></div>`;
}

function pill(n: number, kind: string): string {
  return n > 0 ? ` <span class="pill ${kind}">${n} ${kind}</span>` : '';
}

/** Cases × implementations, Autobahn style: one coloured cell per outcome, linking to its detail. */
function renderMatrix(runs: readonly ImplementationRun[]): string {
  const byId = runs.map((r) => new Map(r.cases.map((c) => [c.id, c])));
  const groups = new Map<string, string[]>();
  for (const run of runs) for (const c of run.cases) {
    const ids = groups.get(c.group) ?? [];
    if (!ids.includes(c.id)) ids.push(c.id);
    groups.set(c.group, ids);
  }
  const head = `<tr><th>case</th>${runs.map((r) => `<th class="impl">${esc(r.implementation.label)}<br><span class="title">${esc(r.implementation.protocolVersion ?? '?')}</span></th>`).join('')}</tr>`;
  const totals = `<tr><th>passed / failed / n/a</th>${runs.map((r) => { const t = tally(r.cases); return `<td class="num">${t.pass} / ${t.failed} / ${t['not-applicable']}</td>`; }).join('')}</tr>`;
  const body = [...groups].map(([group, ids]) =>
    `<tr class="group"><th colspan="${runs.length + 1}">${esc(group)}</th></tr>` +
    ids.map((id) => `<tr><td class="id mono">${esc(id)}</td>${byId.map((m, i) => matrixCell(m.get(id), i)).join('')}</tr>`).join(''),
  );
  return `<section id="matrix"><h2>Matrix</h2><table class="matrix"><thead>${head}${totals}</thead><tbody>${body.join('\n')}</tbody></table></section>`;
}

function matrixCell(c: CaseRecord | undefined, runIndex: number): string {
  if (c === undefined) return '<td class="cell">—</td>';
  const expected = c.baseline?.outcome === 'expected';
  const tip = `${c.verdict.status}${'message' in c.verdict ? `: ${c.verdict.message}` : ''}${expected ? ' (expected by the baseline)' : ''}`;
  return `<td class="cell"><a class="v-${c.verdict.status}${expected ? ' expected' : ''}" href="#${anchor(runIndex, c.id)}" title="${esc(tip)}">${SHORT[c.verdict.status]}${expected ? '*' : ''}</a></td>`;
}

function renderFilters(doc: ReportDocument): string {
  const all = doc.runs.flatMap((r) => r.cases);
  const groups = [...new Set(all.map((c) => c.group))];
  const option = (value: string, label = value) => `<option value="${esc(value)}">${esc(label)}</option>`;
  const select = (name: string, label: string, options: string) =>
    `<label>${label} <select name="${name}">${option('', 'all')}${options}</select></label>`;
  return `<form class="filters" id="filters">
${select('status', 'verdict', option('failed', 'any failure') + (Object.keys(SHORT) as VerdictStatus[]).map((s) => option(s)).join(''))}
${select('group', 'method', groups.map((g) => option(g)).join(''))}
${select('level', 'level', ['MUST', 'SHOULD', 'INFO'].map((l) => option(l)).join(''))}
${select('baseline', 'baseline', ['clean', 'expected', 'regression', 'stale', 'flaky'].map((b) => option(b)).join(''))}
<label>search <input name="q" type="search" placeholder="id or title"></label>
<span id="visible-count" class="title">${all.length} cases</span>
</form>`;
}

function renderRun(run: ImplementationRun, index: number, several: boolean): string {
  const groups = new Map<string, CaseRecord[]>();
  for (const c of run.cases) groups.set(c.group, [...(groups.get(c.group) ?? []), c]);
  const bodies = [...groups].map(([group, cases]) => {
    const t = tally(cases);
    const header = `<tr class="group"><th colspan="5">${esc(group)}<span class="counts">${cases.length} cases: ${t.pass} passed, ${t.failed} failed${t['not-applicable'] ? `, ${t['not-applicable']} n/a` : ''}</span></th></tr>`;
    return `<tbody class="group-body">${header}${cases.map((c) => renderCase(c, index)).join('')}</tbody>`;
  });
  return `<section class="impl" id="impl-${index}">
<h2>${several ? `${esc(run.implementation.label)}: ` : ''}cases</h2>
<table class="cases"><thead><tr><th>verdict</th><th>case</th><th>level</th><th>time</th><th>baseline</th></tr></thead>
${bodies.join('\n')}
</table></section>`;
}

function renderCase(c: CaseRecord, runIndex: number): string {
  const v = c.verdict;
  const outcome = c.baseline?.outcome ?? 'clean';
  const message = 'message' in v ? v.message : v.status === 'not-applicable' ? v.reason : '';
  const expected = outcome === 'expected';
  const baselineCell = c.baseline && outcome !== 'clean'
    ? `<span class="pill ${outcome}" title="${esc(c.baseline.reason ?? '')}">${outcome}${c.baseline.recorded ? `: ${c.baseline.recorded}` : ''}</span>`
    : '';
  const attempts = c.attempts?.length ? `<div class="message">attempts: ${esc([...c.attempts, v.status].join(' → '))} (flaky: run again alone)</div>` : '';
  const fds = Object.entries(c.fds.received).map(([k, n]) => `${n} ${k}`).join(', ') || 'none';
  return `<tr class="case" id="${anchor(runIndex, c.id)}" data-status="${v.status}" data-group="${esc(c.group)}" data-level="${c.level}" data-baseline="${outcome}" data-text="${esc(`${c.id} ${c.title}`.toLowerCase())}">
<td><span class="badge v-${v.status}${expected ? ' expected' : ''}">${SHORT[v.status]}</span></td>
<td><a class="mono" href="#${anchor(runIndex, c.id)}">${esc(c.id)}</a> <span class="title">${esc(c.title)}</span>
${message ? `<div class="message">${esc(message)}</div>` : ''}${attempts}
<details><summary>evidence: ${c.transcript.length} wire events; fds received: ${esc(fds)}; ${c.fds.payloads} payloads, ${c.fds.payloadBytes} bytes</summary>
${c.baseline?.reason ? `<div class="message">baseline: ${esc(c.baseline.reason)}</div>` : ''}
${renderTranscript(c.transcript)}
${c.stderrTail.trim() ? `<pre class="stderr">${esc(c.stderrTail)}</pre>` : ''}
</details></td>
<td>${c.level}</td><td class="num">${Math.round(c.durationMs)} ms</td><td>${baselineCell}</td></tr>`;
}

function renderTranscript(events: readonly TranscriptEvent[]): string {
  if (events.length === 0) return '<div class="title">no wire events (the case did not run a session)</div>';
  const rows = events.map((e) => {
    const t = `<td class="num">${e.t.toFixed(1)}</td>`;
    switch (e.event) {
      case 'send':
        return `<tr class="send">${t}<td class="dir">→</td><td class="text">${esc(e.text ?? `(${e.len} bytes)`)}</td><td>${e.fds ? `${e.fds} fds` : ''}</td></tr>`;
      case 'recv':
        return `<tr class="recv">${t}<td class="dir">←</td><td class="text">${esc(e.text ?? `(${e.len} bytes)`)}${e.truncated ? ' (truncated)' : ''}</td><td>${esc(e.fds.join(', '))}</td></tr>`;
      case 'payload':
        return `<tr class="other">${t}<td class="dir">⇐</td><td class="text">pipe ${e.pipeid}: ${e.bytes} bytes, sha256 ${esc(e.sha256)}, ${esc(e.end)}</td><td></td></tr>`;
      case 'timeout':
        return `<tr class="other">${t}<td class="dir">⌛</td><td class="text">no answer to ${esc(e.pending)} within ${e.waitedMs} ms</td><td></td></tr>`;
      case 'eof':
        return `<tr class="other">${t}<td class="dir">⏚</td><td class="text">EOF on the socket</td><td></td></tr>`;
      case 'exit':
        return `<tr class="other">${t}<td class="dir">✝</td><td class="text">exited: code ${e.code ?? '-'}${e.signal ? `, signal ${esc(e.signal)}` : ''}</td><td></td></tr>`;
      case 'note':
        return `<tr class="other">${t}<td class="dir">#</td><td class="text">${esc(e.text)}</td><td></td></tr>`;
    }
  });
  return `<table class="wire"><tbody>${rows.join('')}</tbody></table>`;
}

/** Case ids hold [a-z0-9.-] and slashes; `_` never occurs, so this mapping cannot collide. */
function anchor(runIndex: number, id: string): string {
  return `case-${runIndex}-${id.replace(/\//g, '__').replace(/\./g, '_')}`;
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
