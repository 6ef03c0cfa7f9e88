// The report formats a run writes into its report directory: one name, one file, one renderer over
// the report document each. Adding a format is one renderer module and one line here. A renderer is
// loaded when its format is written: the JUnit builder alone is 0.45 MB of code, which every CLI
// start would otherwise compile, --no-report or not.
import { REPORT_FORMATS, type ReportFormat } from '../config.js';
import type { ReportDocument } from './model.js';

interface Reporter {
  /** The file written into the report directory. */
  file: string;
  render(doc: ReportDocument): Promise<string>;
}

export const REPORTERS = {
  json: { file: 'results.json', render: async (doc) => `${JSON.stringify(doc, null, 2)}\n` },
  junit: { file: 'junit.xml', render: async (doc) => (await import('./junit.js')).renderJunit(doc) },
  markdown: { file: 'summary.md', render: async (doc) => (await import('./markdown.js')).renderMarkdown(doc) },
  html: { file: 'index.html', render: async (doc) => (await import('./html.js')).renderHtml(doc) },
} satisfies Record<ReportFormat, Reporter>;

export { REPORT_FORMATS, type ReportFormat };
