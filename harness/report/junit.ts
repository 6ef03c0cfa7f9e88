// junit.xml: one <testsuite> per implementation, one <testcase> per case named by its id, so CI
// systems track each case across runs. A failure the baseline expects is <skipped>, as pytest
// reports an expected failure: known quirks must not turn a CI job red.
import junitReportBuilderModule, { type Builder, type TestSuite } from 'junit-report-builder';
import type { TranscriptEvent } from '../protocol/transcript.js';
import { groupOf, type CaseRecord, type ImplementationRun, type ReportDocument } from './model.js';

// The package's CommonJS export is the builder itself; its types describe an ES default export.
const junitReportBuilder = junitReportBuilderModule as unknown as Builder;

export function renderJunit(doc: ReportDocument): string {
  const builder = junitReportBuilder.newBuilder().name('proxy-conformance');
  for (const run of doc.runs) addSuite(builder.testSuite(), run, doc);
  return `${builder.build()}\n`;
}

function addSuite(suite: TestSuite, run: ImplementationRun, doc: ReportDocument): void {
  const impl = run.implementation;
  suite
    .name(xmlSafe(impl.label))
    .timestamp(run.startedAt.replace(/\.\d+Z$/, ''))
    .time(run.durationMs / 1000)
    .property('executable', xmlSafe(impl.executable))
    .property('args', xmlSafe(impl.args.join(' ')))
    .property('socket', impl.socket)
    .property('protocolVersion', impl.protocolVersion ?? 'unknown')
    .property('versionString', xmlSafe(impl.versionString ?? ''))
    .property('fixtureSeed', String(doc.configuration.fixtureSeed))
    .property('shard', doc.configuration.shard ? `${doc.configuration.shard.index}/${doc.configuration.shard.count}` : 'none')
    .property('baseline', run.baseline?.file ?? 'none');
  for (const c of run.cases) addCase(suite, c, impl.label);
  for (const id of run.interrupted?.notRun ?? []) {
    suite.testCase().className(xmlSafe(`${impl.label}.${groupOf(id)}`)).name(id).time(0).skipped().standardOutput('did not run: the run was interrupted first');
  }
}

function addCase(suite: TestSuite, c: CaseRecord, label: string): void {
  const test = suite
    .testCase()
    .className(xmlSafe(`${label}.${c.group}`))
    .name(c.id)
    .time(c.durationMs / 1000);
  const v = c.verdict;
  const notes: string[] = [`${c.level}: ${xmlSafe(c.title)}`];
  if (c.baseline?.outcome === 'flaky') notes.push(`flaky (baseline): ${c.baseline.reason ?? ''}; outcome does not gate`);
  if (c.attempts?.length) notes.push(`attempts: ${[...c.attempts, v.status].join(' → ')}`);
  const known = c.knownDeviation ? `known ${c.knownDeviation.release} deviation ${c.knownDeviation.id}: ` : '';
  if (c.knownDeviation) notes.push(`${known}${xmlSafe(c.knownDeviation.reason)}`);
  if (v.status === 'not-applicable') {
    test.skipped();
    notes.push(`not applicable: ${v.reason}`);
  } else if (v.status === 'interrupted') {
    test.skipped();
    notes.push(`interrupted: ${v.message}`);
  } else if (v.status !== 'pass' && (c.baseline?.outcome === 'expected' || c.baseline?.outcome === 'flaky')) {
    test.skipped();
    notes.push(`expected ${v.status} (baseline): ${c.baseline.reason ?? ''}`, `message: ${v.message}`);
  } else if (v.status === 'fail') {
    test.failure(xmlSafe(`${known}${v.message}`), 'fail');
  } else if (v.status === 'hang' || v.status === 'crash' || v.status === 'harness-error') {
    test.error(xmlSafe(`${known}${v.message}`), v.status);
  }
  test.standardOutput(xmlSafe(`${notes.join('\n')}\n\n${formatTranscript(c.transcript)}`));
  if (c.stderrTail.trim() !== '') test.standardError(xmlSafe(c.stderrTail));
}

/** One readable line per wire event: time, direction, text. */
function formatTranscript(events: readonly TranscriptEvent[]): string {
  return events
    .map((e) => {
      const t = `${e.t.toFixed(1).padStart(8)} ms`;
      switch (e.event) {
        case 'send':
          return `${t}  → ${e.text ?? `(${e.len} bytes)`}${e.fds ? `  [${e.fds} fds]` : ''}`;
        case 'recv':
          return `${t}  ← ${e.text ?? `(${e.len} bytes)`}${e.fds.length ? `  [fds: ${e.fds.join(', ')}]` : ''}${e.truncated ? ' (truncated)' : ''}`;
        case 'payload':
          return `${t}  ⇐ pipe ${e.pipeid}: ${e.bytes} bytes, sha256 ${e.sha256.slice(0, 16)}…, ${e.end}`;
        case 'timeout':
          return `${t}  ⌛ no answer to ${e.pending} within ${e.waitedMs} ms`;
        case 'eof':
          return `${t}  ← EOF`;
        case 'exit':
          return `${t}  ✝ exit code ${e.code ?? '-'}${e.signal ? ` signal ${e.signal}` : ''}`;
        case 'note':
          return `${t}  # ${e.text}`;
      }
    })
    .join('\n');
}

/** XML 1.0 cannot carry most control characters, which a hostile implementation may well send. */
function xmlSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
