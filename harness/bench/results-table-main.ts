// `npm run results:table`: the results table across releases, generated from four real runs of the
// whole suite, each gated on its baseline in specs/expected/: skopeo 1.9.3 on PATH, 1.18.0 and 1.22.0
// from the build cache (.ci/build-skopeo, found through launch/skopeo-builds.ts), and the reference
// proxy. Their results.json files go through `results-table`, whose table and provenance line replace
// the marked block in README.md and docs/results.md. A run that does not match its baseline, or an
// implementation that is not the release named, stops the script before anything is rewritten.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { dir as makeTempDir } from 'tmp-promise';
import { replaceFile } from '../files/replace-file.js';
import { findOnPath, REFERENCE_PROXY_BIN } from '../launch/resolve-impl.js';
import { findSkopeoBuild } from '../launch/skopeo-builds.js';
import { readVersionString } from '../launch/version-string.js';
import { PROJECT_ROOT, RESULTS_BLOCK_FILES, replaceResultsBlock } from './results-block.js';

const CLI = path.join(PROJECT_ROOT, 'bin', 'proxy-conformance.js');

/**
 * A reply deadline a loaded machine cannot break: a slow registry case must not turn into a hang and
 * fail the gate. Verdicts do not depend on it (a stall still hangs, only later).
 */
const TIMEOUT_MS = 15_000;

interface TableRun {
  name: string;
  impl: () => string;
  /** What the implementation must say of itself: the release the row is about. */
  version: RegExp;
  baseline: string;
}

const RUNS: TableRun[] = [
  { name: 'skopeo 1.9.3', impl: () => findOnPath('skopeo') ?? missing('skopeo on PATH'), version: /^skopeo version 1\.9\.3$/, baseline: 'skopeo-1.9.3.json' },
  ...['1.18.0', '1.22.0'].map((release) => ({
    name: `skopeo ${release}`,
    impl: () => findSkopeoBuild(release).skopeo,
    version: new RegExp(`^skopeo version ${release.replaceAll('.', '\\.')}\\b`),
    baseline: `skopeo-${release}.json`,
  })),
  { name: 'the reference proxy', impl: () => REFERENCE_PROXY_BIN, version: /^proxy-conformance reference proxy /, baseline: 'reference-proxy.json' },
];

function missing(what: string): never {
  throw new Error(`no ${what}`);
}

async function main(): Promise<number> {
  const temp = await makeTempDir({ prefix: 'proxy-conformance-results-table-', unsafeCleanup: true });
  try {
    const files: string[] = [];
    for (const [i, run] of RUNS.entries()) {
      const impl = run.impl();
      const version = await readVersionString(impl);
      if (version === null || !run.version.test(version)) {
        process.stderr.write(`results:table: ${impl} says ${JSON.stringify(version)}, not ${run.name}: nothing rewritten\n`);
        return 1;
      }
      const reportDir = path.join(temp.path, String(i + 1));
      const baseline = path.join(PROJECT_ROOT, 'specs', 'expected', run.baseline);
      process.stderr.write(`results:table [${i + 1}/${RUNS.length}] ${run.name} (${impl}), the whole suite gated on specs/expected/${run.baseline}\n`);
      const started = performance.now();
      const child = await execa(process.execPath, [CLI, '--impl', impl, '--baseline', baseline, '--timeout', String(TIMEOUT_MS), '--report-dir', reportDir, '--format', 'json', '--quiet'], {
        reject: false,
        stdin: 'ignore',
        stdout: 'inherit',
        stderr: 'inherit',
      });
      if (child.exitCode !== 0) {
        process.stderr.write(`results:table: ${run.name} exited ${child.exitCode ?? child.signal}: the run does not match specs/expected/${run.baseline}; nothing rewritten\n`);
        return 1;
      }
      process.stderr.write(`results:table [${i + 1}/${RUNS.length}] ${run.name}: matches its baseline (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
      files.push(path.join(reportDir, 'results.json'));
    }
    const table = await execa(process.execPath, [CLI, 'results-table', ...files]);
    for (const file of RESULTS_BLOCK_FILES) {
      await replaceFile(file, replaceResultsBlock(await readFile(file, 'utf8'), table.stdout, file));
      process.stderr.write(`results:table: rewrote the block in ${path.relative(PROJECT_ROOT, file)}\n`);
    }
    process.stdout.write(`${table.stdout}\n`);
    return 0;
  } finally {
    await temp.cleanup();
  }
}

process.exitCode = await main();
