// One case in index.html: its table row (verdict badge, id, level, time, baseline) and, folded in a
// <details>, the evidence — message, wire transcript, fds, stderr tail, earlier attempts.
import type { TranscriptEvent } from '../protocol/transcript.js';
import type { VerdictStatus } from '../verdicts/verdict.js';
import type { CaseRecord } from './model.js';
import { printable } from '../printable.js';

/** Badge text: failures shout, so a scan down the column finds them. */
export const SHORT: Record<VerdictStatus, string> = {
  pass: 'pass',
  'not-applicable': 'n/a',
  fail: 'FAIL',
  hang: 'HANG',
  crash: 'CRASH',
  'harness-error': 'ERROR',
  interrupted: 'INTERRUPTED',
};

/** The columns of a case row; group headings span them. */
export const CASE_COLUMNS = ['verdict', 'case', 'level', 'time', 'baseline'];

export function renderCase(c: CaseRecord, runIndex: number | null): string {
  const v = c.verdict;
  const id = anchor(c.id, runIndex);
  const outcome = c.baseline?.outcome ?? 'clean';
  const message = 'message' in v ? v.message : v.status === 'not-applicable' ? v.reason : '';
  const baselineCell = c.baseline && outcome !== 'clean'
    ? `<span class="pill ${esc(outcome)}" title="${esc(c.baseline.reason ?? '')}">${esc(outcome)}${c.baseline.recorded ? `: ${esc(c.baseline.recorded)}` : ''}</span>`
    : '';
  const data = { status: v.status, group: c.group, level: c.level, baseline: outcome, text: `${c.id} ${c.title}`.toLowerCase() };
  const attrs = Object.entries(data).map(([k, value]) => ` data-${k}="${esc(value)}"`).join('');
  return `<tr class="case" id="${id}"${attrs}>
<td>${badge(v.status, outcome === 'expected')}</td>
<td><a class="mono" href="#${id}">${esc(c.id)}</a> <span class="title">${esc(c.title)}</span>
${message ? `<div class="message">${esc(message)}</div>` : ''}
${renderDetails(c)}</td>
<td>${esc(c.level)}</td><td class="num">${Math.round(c.durationMs)} ms</td><td>${baselineCell}</td></tr>`;
}

export function badge(status: VerdictStatus, expected = false): string {
  return `<span class="badge v-${esc(status)}${expected ? ' expected' : ''}">${esc(SHORT[status] ?? status)}</span>`;
}

function renderDetails(c: CaseRecord): string {
  const fds = Object.entries(c.fds.received).map(([kind, n]) => `${n} ${kind}`).join(', ') || 'none';
  const attempts = c.attempts?.length
    ? `<div class="message">attempts: ${esc([...c.attempts, c.verdict.status].join(' → '))} (a flaky record is run again alone)</div>`
    : '';
  const stderr = c.stderrTail.trim()
    ? `<div class="label">stderr (last lines)</div><pre class="stderr">${esc(c.stderrTail)}</pre>`
    : '<div class="label">stderr: empty</div>';
  return `<details><summary>evidence: ${c.transcript.length} wire events, fds received: ${esc(fds)}</summary>
${c.baseline?.reason ? `<div class="message">baseline: ${esc(c.baseline.reason)}</div>` : ''}${c.knownDeviation ? `<div class="message">known ${esc(c.knownDeviation.release)} deviation ${esc(c.knownDeviation.id)}: ${esc(c.knownDeviation.reason)}</div>` : ''}${attempts}
<div class="label">fds received: ${esc(fds)}; ${c.fds.payloads} payload pipe${c.fds.payloads === 1 ? '' : 's'} read, ${c.fds.payloadBytes} bytes</div>
${renderTranscript(c.transcript)}
${stderr}
</details>`;
}

function renderTranscript(events: readonly TranscriptEvent[]): string {
  if (events.length === 0) return '<div class="label">no wire events (the case did not run a session)</div>';
  const rows = events.map((e) => {
    const [dir, text, fds] = describe(e);
    const kind = e.event === 'send' || e.event === 'recv' ? e.event : 'other';
    return `<tr class="${kind}"><td class="num">${e.t.toFixed(1)}</td><td class="dir">${dir}</td><td class="text">${esc(text)}</td><td>${esc(fds)}</td></tr>`;
  });
  return `<table class="wire"><thead><tr><th>ms</th><th></th><th>message</th><th>fds</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** An event as [direction mark, text, fds]: → sent, ← received, ⇐ payload read, the rest marks. */
function describe(e: TranscriptEvent): [string, string, string] {
  switch (e.event) {
    case 'send':
      return ['→', e.text ?? `(${e.len} bytes)`, e.fds ? `${e.fds} sent` : ''];
    case 'recv':
      return ['←', `${e.text ?? `(${e.len} bytes)`}${e.truncated ? ' (truncated)' : ''}`, e.fds.join(', ')];
    case 'payload':
      return ['⇐', `pipe ${e.pipeid}: ${e.bytes} bytes, sha256 ${e.sha256}, ${e.end}`, ''];
    case 'timeout':
      return ['⌛', `no answer to ${e.pending} within ${e.waitedMs} ms`, ''];
    case 'eof':
      return ['■', 'EOF on the socket', ''];
    case 'exit':
      return ['✝', `exited: code ${e.code ?? '-'}${e.signal ? `, signal ${e.signal}` : ''}`, ''];
    case 'note':
      return ['#', e.text, ''];
  }
}

/**
 * The element id of a case: `case-` (implementation index and `-` when there are several) then the
 * id with `/` as `__` and any other character outside [A-Za-z0-9-] as `_hex_` — a prefix-free
 * encoding, so two ids never share an anchor, and nothing from the document reaches the attribute raw.
 */
export function anchor(id: string, runIndex: number | null): string {
  const encoded = [...id].map((ch) => (/[A-Za-z0-9-]/.test(ch) ? ch : ch === '/' ? '__' : `_${ch.codePointAt(0)!.toString(16)}_`)).join('');
  return `case-${runIndex === null ? '' : `${runIndex}-`}${encoded}`;
}

export function esc(text: string): string {
  return printable(String(text)).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
