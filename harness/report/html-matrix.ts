// Cases × implementations, in the style of the Autobahn test suite's reports: a row per case id
// under its method group, a column per implementation, a coloured cell per verdict linking to that
// implementation's detail, and the implementations' totals in a row at the top.
import { tally, type CaseRecord, type ImplementationRun } from './model.js';
import { SHORT, anchor, esc } from './html-case.js';

export function renderMatrix(runs: readonly ImplementationRun[]): string {
  const byId = runs.map((r) => new Map(r.cases.map((c) => [c.id, c])));
  const groups = new Map<string, string[]>();
  for (const run of runs) {
    for (const c of run.cases) {
      const ids = groups.get(c.group) ?? [];
      if (!ids.includes(c.id)) ids.push(c.id);
      groups.set(c.group, ids);
    }
  }
  const head = `<tr><th>case</th>${runs.map((r, i) => `<th class="impl"><a href="#impl-${i}">${esc(r.implementation.label)}</a><br><span class="title">protocol ${esc(r.implementation.protocolVersion ?? '—')}</span></th>`).join('')}</tr>`;
  const totals = `<tr class="totals"><th>passed / failed / n/a</th>${runs.map((r) => { const t = tally(r.cases); return `<td class="num">${t.pass} / ${t.failed} / ${t['not-applicable']}</td>`; }).join('')}</tr>`;
  // A row is "same" when every implementation ended it alike: the differences-only view hides those.
  const same = (id: string) => new Set(byId.map((cases) => cases.get(id)?.verdict.status ?? 'absent')).size === 1;
  const differing = [...groups.values()].flat().filter((id) => !same(id)).length;
  const body = [...groups].map(([group, ids]) =>
    `<tr class="group${ids.every(same) ? ' same' : ''}"><th colspan="${runs.length + 1}">${esc(group)}</th></tr>` +
    ids.map((id) => `<tr${same(id) ? ' class="same"' : ''}><td class="id mono">${esc(id)}</td>${byId.map((cases, i) => matrixCell(cases.get(id), i)).join('')}</tr>`).join(''),
  );
  return `<section id="matrix"><h2>Cases × implementations</h2>
<p class="title">* failed as the implementation's baseline expects. Each cell links to the case's evidence.</p>
<label class="title"><input type="checkbox" id="matrix-differences"> only the ${differing} cases the implementations end differently</label>
<table class="matrix"><thead>${head}${totals}</thead><tbody>${body.join('\n')}</tbody></table></section>`;
}

function matrixCell(c: CaseRecord | undefined, runIndex: number): string {
  if (c === undefined) return '<td class="cell absent" title="not run">—</td>';
  const v = c.verdict;
  const expected = c.baseline?.outcome === 'expected';
  const tip = `${v.status}${'message' in v ? `: ${v.message}` : ''}${expected ? ' (expected by the baseline)' : ''}`;
  return `<td class="cell"><a class="v-${esc(v.status)}${expected ? ' expected' : ''}" href="#${anchor(c.id, runIndex)}" title="${esc(tip)}">${esc(SHORT[v.status] ?? v.status)}${expected ? '*' : ''}</a></td>`;
}
