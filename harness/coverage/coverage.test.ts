import { mkdirSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../report/html.js';
import { renderMarkdown } from '../report/markdown.js';
import { loadSpecs } from '../specs/index.js';
import { sampleSingleReport } from '../test-support/sample-report.js';
import { scratchDir } from '../test-support/scratch-dir.js';
import { ProcessCoverageDirs } from './process-dirs.js';
import { countStatements, matchesFilePattern, parseFunctionList, parseTextProfile, summarizeFiles } from './profile.js';
import type { CoverageRecord } from './record.js';
import { RunCoverage } from './run-coverage.js';
import { lineStates, missedBlocks } from './source-lines.js';

const scratch = scratchDir('coverage-test');
const FILE = 'github.com/containers/skopeo/cmd/skopeo/proxy.go';

const PROFILE = `mode: set
${FILE}:10.30,12.16 2 1
${FILE}:12.16,14.3 1 0
${FILE}:15.2,15.12 1 1
${FILE}:20.40,22.2 2 0
${FILE}:10.30,12.16 2 1
github.com/containers/skopeo/cmd/skopeo/main.go:5.13,7.2 2 1
`;

const FUNCS = `${FILE}:10:\t\tInitialize\t\t75.0%
${FILE}:20:\t\tFinishPipe\t\t0.0%
github.com/containers/skopeo/cmd/skopeo/main.go:5:\t\tmain\t\t100.0%
total\t\t\t(statements)\t\t50.0%
`;

const SOURCE = [
  ...Array.from({ length: 9 }, () => ''),
  'func (h *proxyHandler) Initialize(args []any) (replyBuf, error) {', // 10
  '\tvar ret replyBuf',
  '\tif len(args) != 0 {', // 12
  '\t\treturn ret, fmt.Errorf("invalid request")',
  '\t}',
  '\treturn ret, nil', // 15
  '}',
];

describe('coverage profiles', () => {
  it('sums a block listed twice and counts statements per file and per function', () => {
    const blocks = parseTextProfile(PROFILE);
    expect(blocks.get(FILE)?.length).toBe(4);
    expect(blocks.get(FILE)?.[0]?.count).toBe(2);
    const files = summarizeFiles(blocks, parseFunctionList(FUNCS));
    const proxy = files.find((f) => f.file === FILE);
    expect(proxy).toMatchObject({ statements: 6, covered: 3 });
    expect(proxy?.functions).toEqual([
      { name: 'Initialize', line: 10, statements: 4, covered: 3 },
      { name: 'FinishPipe', line: 20, statements: 2, covered: 0 },
    ]);
    expect(countStatements([...blocks.values()].flat())).toEqual({ statements: 8, covered: 5 });
  });

  it('matches files of interest by their last path segments', () => {
    expect(matchesFilePattern(FILE, 'cmd/skopeo/proxy.go')).toBe(true);
    expect(matchesFilePattern(FILE, 'proxy.go')).toBe(true);
    expect(matchesFilePattern(FILE, 'skopeo/*.go')).toBe(true);
    expect(matchesFilePattern(FILE, 'containers/**/proxy.go')).toBe(true);
    expect(matchesFilePattern(FILE, 'xproxy.go')).toBe(false);
    expect(matchesFilePattern(FILE, 'cmd/*.go')).toBe(false);
  });

  it('gives a line to the block holding its first character: the line that opens a block keeps the code before it, a declaration line none', () => {
    const blocks = parseTextProfile(PROFILE).get(FILE) ?? [];
    const states = lineStates(SOURCE, blocks);
    expect(states.slice(9, 16)).toEqual(['none', 'hit', 'hit', 'missed', 'missed', 'hit', 'none']);
    expect(missedBlocks(blocks).map((b) => b.startLine)).toEqual([12, 20]);
  });
});

describe('per-process coverage directories', () => {
  it('tells processes that wrote counters from those stopped before they could, then gathers every file in one directory', () => {
    const dirs = new ProcessCoverageDirs(path.join(scratch, 'gather'));
    const [a, b, c] = [dirs.nextProcessEnv().GOCOVERDIR, dirs.nextProcessEnv().GOCOVERDIR, dirs.nextProcessEnv().GOCOVERDIR] as string[];
    writeFileSync(path.join(a as string, 'covmeta.abc'), 'm');
    writeFileSync(path.join(a as string, 'covcounters.abc.1.1'), 'c');
    writeFileSync(path.join(b as string, 'covmeta.abc'), 'm');
    expect(existsSync(c as string)).toBe(true);
    expect(dirs.collect()).toEqual({ launched: 3, withCounters: 1, withoutCounters: 1, wroteNothing: 1 });
    expect(readdirSync(dirs.countersDir).sort()).toEqual(['covcounters.abc.1.1', 'covmeta.abc']);
    expect(existsSync(path.join(dirs.root, 'processes'))).toBe(false);
  });

  it('says in one line that an implementation not built with -cover has no coverage', async () => {
    const coverage = new RunCoverage({ dir: path.join(scratch, 'plain'), filesOfInterest: 'cmd/skopeo/proxy.go' });
    const dirs = coverage.forImplementation('my proxy');
    dirs.nextProcessEnv();
    const said: string[] = [];
    const record = await coverage.finish(dirs, 'my proxy', (line) => said.push(line));
    expect(record.state).toBe('no-counters');
    expect(said).toEqual(['coverage: my proxy wrote no coverage counters: it was not built with -cover (go build -cover), so there is no coverage to report']);
    expect(dirs.root).toBe(path.join(scratch, 'plain', 'my_proxy'));
  });

  it('keeps the counters and prints the command that merges them when no Go toolchain can', async () => {
    const coverage = new RunCoverage({ dir: path.join(scratch, 'nogo'), filesOfInterest: 'cmd/skopeo/proxy.go', go: '/bin/false' });
    const dirs = coverage.forImplementation('skopeo');
    const dir = dirs.nextProcessEnv().GOCOVERDIR as string;
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'covmeta.abc'), 'm');
    writeFileSync(path.join(dir, 'covcounters.abc.1.1'), 'c');
    // A second process wrote its metadata and was stopped before its counters.
    const stopped = dirs.nextProcessEnv().GOCOVERDIR as string;
    mkdirSync(stopped, { recursive: true });
    writeFileSync(path.join(stopped, 'covmeta.abc'), 'm');
    const record = await coverage.finish(dirs, 'skopeo', () => {});
    expect(record.state).toBe('not-merged');
    expect(record.note).toContain(`go tool covdata textfmt -i=${dirs.countersDir} -o=`);
    expect(record.note).toMatch(/; 1 of 2 processes left counters \(1 left none: stopped by a signal or crashed\)$/);
  });
});

describe('coverage in the reports', () => {
  const record: CoverageRecord = {
    dir: '/tmp/cov/skopeo/counters',
    processes: { launched: 4, withCounters: 3, withoutCounters: 1, wroteNothing: 0 },
    state: 'merged',
    note: 'statement coverage: cmd/skopeo/proxy.go 50.0% (3/6 statements); all files 62.5%; 3 of 4 processes left counters (1 left none: stopped by a signal or crashed)',
    filesOfInterest: 'cmd/skopeo/proxy.go',
    total: { statements: 8, covered: 5 },
    profile: '/tmp/cov/skopeo/coverage.txt',
    files: summarizeFiles(parseTextProfile(PROFILE), parseFunctionList(FUNCS)).map((f) =>
      f.file === FILE ? { ...f, blocks: parseTextProfile(PROFILE).get(FILE) ?? [], source: SOURCE } : f,
    ),
  };
  const doc = sampleSingleReport();
  (doc.runs[0] as NonNullable<(typeof doc.runs)[0]>).coverage = record;

  it('is valid results.json', () => {
    const validation = loadSpecs().validateResults(JSON.parse(JSON.stringify(doc)));
    expect(validation).toEqual({ ok: true });
  });

  it('shows the functions and the missed blocks with their source line in summary.md', () => {
    const md = renderMarkdown(doc);
    expect(md).toContain('statement coverage');
    expect(md).toContain('| `FinishPipe` | 20 | 2 | 0 | 0.0% |');
    expect(md).toContain('- 12.16–14.3 (1 statements) — `if len(args) != 0 {`');
  });

  it('marks covered and missed source lines in index.html', () => {
    const html = renderHtml(doc);
    expect(html).toContain('<span class="missed"><span class="ln">13</span>');
    expect(html).toContain('<span class="hit"><span class="ln">15</span>');
  });
});
