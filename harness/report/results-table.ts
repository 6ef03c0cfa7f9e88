// The results table across implementations (README and docs): one row per implementation run in the
// given results.json files, generated, never typed by hand, as Autobahn and the OCI conformance suite
// publish theirs. Counts follow the one definition: failed is every applicable case that did not pass.
import { isFailure } from '../verdicts/verdict.js';
import { tally, type ReportDocument } from './model.js';

/** A Markdown table: implementation, version, protocol, passed, failed (hung, crashed), MUST failures, known deviations, n/a. */
export function renderResultsTable(docs: readonly ReportDocument[]): string {
  const lines = [
    '| implementation | version | protocol | passed | failed (hung, crashed) | failed MUST cases | known deviations | n/a |',
    '|---|---|---|--:|--:|--:|--:|--:|',
  ];
  for (const doc of docs) {
    for (const run of doc.runs) {
      const t = tally(run.cases);
      const failing = run.cases.filter((c) => isFailure(c.verdict.status));
      const must = failing.filter((c) => c.level === 'MUST').length;
      const known = failing.filter((c) => c.knownDeviation !== undefined || c.baseline?.outcome === 'expected').length;
      const impl = run.implementation;
      const cell = (s: string) => s.replace(/\|/g, '\\|');
      lines.push(`| ${cell(impl.label)} | ${cell(impl.versionString ?? '—')} | ${impl.protocolVersion ?? '—'} | ${t.pass} | ${t.failed} (${t.hang}, ${t.crash}) | ${must} | ${known} | ${t['not-applicable']} |`);
    }
  }
  const suites = [...new Set(docs.map((d) => `${d.configuration.suiteCases} cases, suite ${d.configuration.suiteDigest.slice(0, 19)}…, proxy-conformance ${d.environment.tool.version}`))];
  lines.push('', `From ${docs.length} results.json file${docs.length === 1 ? '' : 's'} (${suites.join('; ')}).`);
  return `${lines.join('\n')}\n`;
}
