// The coverage section of index.html and summary.md for a run made with --coverage: the note
// (figures, or why there are none), then for each file of interest its functions and the blocks no
// process ran, with the source lines marked when the source tree was given.
import { formatRange, lineStates, missedBlocks } from '../coverage/source-lines.js';
import { formatPercent, type CoverageRecord, type FileCoverage } from '../coverage/record.js';
import { esc } from './html-case.js';
import type { ImplementationRun } from './model.js';

/** Missed blocks listed in summary.md before the rest are counted. */
const MARKDOWN_BLOCK_LIMIT = 40;

const STYLE = `.coverage pre{font-size:12px;line-height:1.35;overflow-x:auto}.coverage .hit{background:#dff5e1}.coverage .missed{background:#fbdede}
.coverage .ln{display:inline-block;width:4.5em;color:#888;user-select:none}.coverage td.num{text-align:right}`;

function filesOfInterest(record: CoverageRecord): FileCoverage[] {
  return (record.files ?? []).filter((f) => f.blocks !== undefined);
}

export function renderCoverageMarkdown(runs: readonly ImplementationRun[]): string[] {
  const out: string[] = [];
  for (const run of runs) {
    const record = run.coverage;
    if (record === undefined) continue;
    out.push(`### ${run.implementation.label}: statement coverage`, '', record.note, '');
    for (const file of filesOfInterest(record)) {
      out.push(`#### \`${file.file}\`: ${formatPercent(file)} (${file.covered} of ${file.statements} statements)`, '');
      out.push('| function | line | statements | covered | |', '|---|--:|--:|--:|--:|');
      for (const f of file.functions) out.push(`| \`${f.name}\` | ${f.line} | ${f.statements} | ${f.covered} | ${formatPercent(f)} |`);
      const missed = missedBlocks(file.blocks ?? []);
      out.push('', `<details><summary>${missed.length} blocks no process ran</summary>`, '');
      for (const b of missed.slice(0, MARKDOWN_BLOCK_LIMIT)) out.push(`- ${formatRange(b)} (${b.statements} statements)${firstLine(file, b.startLine)}`);
      if (missed.length > MARKDOWN_BLOCK_LIMIT) out.push(`- … and ${missed.length - MARKDOWN_BLOCK_LIMIT} more (results.json, index.html)`);
      out.push('', '</details>', '');
    }
  }
  return out;
}

/** ` — \`if err != nil {\``: the block's first source line, when the source is known. */
function firstLine(file: FileCoverage, line: number): string {
  const text = file.source?.[line - 1]?.trim();
  return text ? ` — \`${text.replace(/`/g, "'").slice(0, 100)}\`` : '';
}

export function renderCoverageHtml(runs: readonly ImplementationRun[]): string {
  const sections = runs.flatMap((run) => (run.coverage === undefined ? [] : [renderRun(run, run.coverage)]));
  return sections.length === 0 ? '' : `<style>${STYLE}</style>${sections.join('\n')}`;
}

function renderRun(run: ImplementationRun, record: CoverageRecord): string {
  const files = filesOfInterest(record).map((file) => {
    const functions = file.functions
      .map((f) => `<tr><td><code>${esc(f.name)}</code></td><td class="num">${f.line}</td><td class="num">${f.statements}</td><td class="num">${f.covered}</td><td class="num">${formatPercent(f)}</td></tr>`)
      .join('');
    const missed = missedBlocks(file.blocks ?? []);
    const body = file.source !== undefined ? renderSource(file) : `<p>No source tree was given (--coverage-source): the blocks no process ran, by line.column:</p><ul>${missed.map((b) => `<li>${formatRange(b)} (${b.statements} statements)</li>`).join('')}</ul>`;
    return `<h3><code>${esc(file.file)}</code>: ${formatPercent(file)} (${file.covered} of ${file.statements} statements, ${missed.length} blocks never ran)</h3>
<table class="counts"><thead><tr><th>function</th><th>line</th><th>statements</th><th>covered</th><th></th></tr></thead><tbody>${functions}</tbody></table>
<details><summary>source with covered and missed lines</summary>${body}</details>`;
  });
  return `<section class="coverage" id="coverage-${esc(run.implementation.label)}"><h2>${esc(run.implementation.label)}: statement coverage</h2><p>${esc(record.note)}</p>${files.join('\n')}</section>`;
}

function renderSource(file: FileCoverage): string {
  const source = file.source ?? [];
  const states = lineStates(source, file.blocks ?? []);
  const lines = source.map((text, i) => {
    const state = states[i];
    const cls = state === 'hit' || state === 'missed' ? ` class="${state}"` : '';
    return `<span${cls}><span class="ln">${i + 1}</span>${esc(text)}</span>`;
  });
  return `<pre>${lines.join('\n')}</pre>`;
}
