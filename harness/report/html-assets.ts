// The report page's inline style and script. The script only filters rows and opens linked cases:
// without it the page shows everything, so it reads the same in a mail client or with scripts off.
import { isFailure, VERDICT_STATUSES } from '../verdicts/verdict.js';

export const STYLE = `
:root { --pass: #1a7f37; --fail: #cf222e; --hang: #9a6700; --crash: #8250df; --error: #6e7781; --na: #8c959f; --interrupted: #bc4c00;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; } h3 { font-size: 15px; margin: 16px 0 6px; }
.sub { color: var(--muted); margin: 0 0 16px; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0 0 16px; }
dl.meta dt { color: var(--muted); } dl.meta dd { margin: 0; overflow-wrap: anywhere; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0 16px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; min-width: 260px; background: var(--soft); }
.card h3 { margin: 0 0 6px; }
.card .line { font-weight: 600; margin-top: 6px; }
.badge { display: inline-block; min-width: 46px; padding: 1px 6px; border-radius: 10px; color: #fff; font-size: 12px; font-weight: 600; text-align: center; }
.v-pass { background: var(--pass); } .v-fail { background: var(--fail); } .v-hang { background: var(--hang); }
.v-crash { background: var(--crash); } .v-harness-error { background: var(--error); } .v-not-applicable { background: var(--na); }
.v-interrupted { background: var(--interrupted); }
.badge.expected, table.matrix a.expected { opacity: .55; }
.pill { display: inline-block; padding: 0 6px; border: 1px solid var(--line); border-radius: 10px; font-size: 12px; color: var(--muted); }
.pill.regression { border-color: var(--fail); color: var(--fail); font-weight: 600; } .pill.stale { border-color: var(--hang); color: var(--hang); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--line); }
tr.group th { background: var(--soft); font-size: 13px; }
tr.group .counts { font-weight: normal; color: var(--muted); margin-left: 8px; }
td.num { text-align: right; white-space: nowrap; color: var(--muted); }
.title { color: var(--muted); }
.message { margin: 4px 0; white-space: pre-wrap; overflow-wrap: anywhere; }
details > summary { cursor: pointer; color: var(--muted); font-size: 12px; }
table.wire td { border: none; padding: 1px 6px; font-family: ui-monospace, monospace; font-size: 12px; }
table.wire td.text { white-space: pre-wrap; overflow-wrap: anywhere; }
table.wire tr.send td.dir { color: #0969da; } table.wire tr.recv td.dir { color: var(--pass); } table.wire tr.other td { color: var(--muted); }
pre.stderr { background: #fff8f0; border: 1px solid #f0d8c0; padding: 6px; white-space: pre-wrap; max-height: 240px; overflow: auto; }
form.filters { position: sticky; top: 0; z-index: 1; display: flex; flex-wrap: wrap; gap: 8px; align-items: center; padding: 8px 0; background: var(--bg); border-bottom: 1px solid var(--line); }
form.filters label { color: var(--muted); font-size: 12px; } form.filters select, form.filters input { font: inherit; font-size: 13px; }
table.matrix { width: auto; } table.matrix td.cell { text-align: center; padding: 2px 4px; }
table.matrix td.cell a { display: block; color: #fff; text-decoration: none; border-radius: 4px; padding: 1px 6px; font-size: 12px; font-weight: 600; }
table.matrix th.impl { text-align: center; font-size: 12px; }
table.matrix td.id a { color: var(--fg); }
.hidden, [hidden] { display: none !important; }
#matrix:has(#matrix-differences:checked) tr.same { display: none; }
table.counts { width: auto; } table.counts td.num { color: var(--muted); } table.counts td.some { color: var(--fg); font-weight: 600; }
table.counts td.closing { font-weight: 600; padding-left: 16px; }
table.matrix tr.totals th, table.matrix tr.totals td { border-bottom: 2px solid var(--line); }
.label { color: var(--muted); font-size: 12px; margin: 6px 0 2px; }
.message.error { color: var(--fail); }
table.wire th { padding: 1px 6px; font-size: 11px; color: var(--muted); font-weight: normal; }
tr.case, section.impl { scroll-margin-top: 56px; }
tr.case:target { outline: 2px solid #0969da; outline-offset: -2px; }
`;

/**
 * Filters rows by the URL hash (`#status=fail&group=getblob&q=text`), so a filtered view is a link;
 * a hash naming a case opens its evidence, clearing the filters if they hide it.
 */
export const SCRIPT = `
(function () {
  var form = document.getElementById('filters');
  if (!form) return;
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.case'));
  var groups = Array.prototype.slice.call(document.querySelectorAll('tbody.group-body'));
  var count = document.getElementById('visible-count');
  var keys = ['status', 'group', 'level', 'baseline', 'q'];
  var failed = ${JSON.stringify(Object.fromEntries(VERDICT_STATUSES.filter(isFailure).map((s) => [s, 1])))};
  function isFilter(hash) { return /^#(status|group|level|baseline|q)=/.test(hash); }
  function read() {
    var params = new URLSearchParams(isFilter(location.hash) ? location.hash.slice(1) : '');
    keys.forEach(function (k) { form.elements[k].value = params.get(k) || ''; });
  }
  function write() {
    var params = new URLSearchParams();
    keys.forEach(function (k) { if (form.elements[k].value) params.set(k, form.elements[k].value); });
    var hash = params.toString();
    history.replaceState(null, '', hash ? '#' + hash : location.pathname + location.search);
  }
  function apply() {
    var f = {};
    keys.forEach(function (k) { f[k] = form.elements[k].value; });
    var q = f.q.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var d = row.dataset;
      var ok = (!f.status || d.status === f.status || (f.status === 'failed' && failed[d.status] === 1)) &&
        (!f.group || d.group === f.group) && (!f.level || d.level === f.level) &&
        (!f.baseline || d.baseline === f.baseline) && (!q || d.text.indexOf(q) >= 0);
      row.classList.toggle('hidden', !ok);
      if (ok) shown++;
    });
    groups.forEach(function (body) { body.classList.toggle('hidden', !body.querySelector('tr.case:not(.hidden)')); });
    count.textContent = shown + ' of ' + rows.length + ' cases shown';
    document.body.setAttribute('data-shown', String(shown));
  }
  function reveal() {
    var target = location.hash.length > 1 ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    if (!target || !target.classList.contains('case')) return;
    if (target.classList.contains('hidden')) { keys.forEach(function (k) { form.elements[k].value = ''; }); apply(); }
    var details = target.querySelector('details');
    if (details) details.open = true;
    target.scrollIntoView();
  }
  form.addEventListener('input', function () { write(); apply(); });
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  window.addEventListener('hashchange', function () { if (isFilter(location.hash)) { read(); apply(); } else reveal(); });
  read();
  apply();
  reveal();
  form.hidden = false;
  document.body.setAttribute('data-script', 'ran');
})();
`;
