// The report formats a run writes into its report directory: one name, one file, one renderer over
// the report document each. Adding a format is one renderer module and one line here.
import { REPORT_FORMATS, type ReportFormat } from '../config.js';
import type { ReportDocument } from './model.js';
import { renderHtml } from './html.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';

interface Reporter {
  /** The file written into the report directory. */
  file: string;
  render(doc: ReportDocument): string;
}

export const REPORTERS = {
  json: { file: 'results.json', render: (doc) => `${JSON.stringify(doc, null, 2)}\n` },
  junit: { file: 'junit.xml', render: renderJunit },
  markdown: { file: 'summary.md', render: renderMarkdown },
  html: { file: 'index.html', render: renderHtml },
} satisfies Record<ReportFormat, Reporter>;

export { REPORT_FORMATS, type ReportFormat };
