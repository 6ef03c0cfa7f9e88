// `npm run bench:coverage [-- --release 1.22.0]`: how much of skopeo's cmd/skopeo/proxy.go this suite
// runs, next to how much skopeo's own proxy client test (integration/proxy_test.go of the same
// source) runs, both against the release's cover build on the suite's fixture images, offline.
// skopeo's test kills its proxies with a parent-death SIGTERM, which leaves no counters; a Python
// wrapper takes the signal instead, so the proxy sees its socket close and exits normally.
// Per function where they differ; the figures go to reports/bench-coverage.json. CI runs it after
// the tests: it exits non-zero whenever the comparison cannot be made (no cover build, no Go
// toolchain, or either side without merged counters for proxy.go), never with half a table.
import { accessSync, constants } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { DEFAULT_FILES_OF_INTEREST } from '../config.js';
import { RunCoverage } from '../coverage/run-coverage.js';
import type { FileCoverage } from '../coverage/record.js';
import { formatPercent } from '../coverage/record.js';
import { makeOwnedTempDir } from '../files/owned-temp-dir.js';
import { replaceJsonFile } from '../files/replace-file.js';
import { loadSuiteImages } from '../images/suite-images.js';
import { coverBuildOf, type CoverBuild } from './cover-builds.js';
import { proxyGoOf, runCoveredSuite } from './covered-suite.js';

/** A bound on skopeo's own test: far above what it takes. */
const OWN_TEST_LIMIT_MS = 600_000;

interface Side {
  what: string;
  proxyGo: FileCoverage | null;
  note: string;
  wallS: number;
}

async function suiteSide(build: CoverBuild, dir: string): Promise<Side> {
  const suite = await runCoveredSuite(build, dir);
  return { what: `this suite (${suite.cases} cases)`, proxyGo: proxyGoOf(suite.coverage), note: suite.coverage.note, wallS: suite.wallS };
}

async function ownTestSide(build: CoverBuild, dir: string): Promise<Side> {
  const coverage = new RunCoverage({ dir: path.join(dir, 'own'), filesOfInterest: DEFAULT_FILES_OF_INTEREST, go: build.go });
  const dirs = coverage.forImplementation('skopeo-proxy-test');
  const { GOCOVERDIR } = dirs.nextProcessEnv() as { GOCOVERDIR: string };
  // The test's proxies all write into this one GOCOVERDIR (their files are named by pid). The
  // wrapper stays their parent and takes the test's parent-death SIGTERM; it and the proxy keep only
  // fds 0 to 3: the test's socketpair is not close-on-exec, so its own end is inherited too, and
  // whoever holds it keeps the proxy from ever seeing EOF once the test has exited.
  const wrapper = path.join(dir, 'skopeo');
  await writeFile(
    wrapper,
    [
      '#!/usr/bin/env python3',
      'import os, signal, sys',
      'signal.signal(signal.SIGTERM, signal.SIG_IGN)',
      'os.closerange(4, 65536)',
      `os.environ["GOCOVERDIR"] = ${JSON.stringify(GOCOVERDIR)}`,
      'pid = os.fork()',
      'if pid == 0:',
      '    signal.signal(signal.SIGTERM, signal.SIG_DFL)',
      `    os.execv(${JSON.stringify(build.skopeoCover)}, [${JSON.stringify(build.skopeoCover)}] + sys.argv[1:])`,
      'sys.exit(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))',
      '',
    ].join('\n'),
  );
  await chmod(wrapper, 0o755);
  const images = await loadSuiteImages();
  const started = performance.now();
  const run = await execa(build.proxyTest, ['-test.v'], {
    reject: false,
    timeout: OWN_TEST_LIMIT_MS,
    cwd: dir,
    env: { SKOPEO_BINARY: wrapper, PATH: `${dir}${path.delimiter}${process.env.PATH ?? ''}`, PC_IMAGE: images.simple.reference, PC_LIST_IMAGE: images.index.reference },
  });
  const wallS = (performance.now() - started) / 1000;
  // The proxies the test left see EOF once it has exited, and write their counters as they exit.
  await untilGone(wrapper);
  const record = await coverage.finish(dirs, 'skopeo-proxy-test', () => {});
  const verdict = run.exitCode === 0 ? 'passed' : `exited ${run.exitCode ?? run.signal}`;
  return { what: `skopeo's own proxy test (${verdict})`, proxyGo: proxyGoOf(record), note: record.note, wallS };
}

/** Waits until no process runs `file` (pgrep -f), for at most a minute. */
async function untilGone(file: string): Promise<void> {
  const limit = performance.now() + 60_000;
  while (performance.now() < limit) {
    if ((await execa('pgrep', ['-f', '--', file], { reject: false })).stdout.trim() === '') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`processes running ${file} were still there a minute after skopeo's test exited`);
}

function figure(f: FileCoverage | null): string {
  return f === null ? 'not measured' : `${formatPercent(f)} (${f.covered} of ${f.statements})`;
}

/** Functions of proxy.go whose covered statements differ between the two, as table rows. */
function differingFunctions(suite: FileCoverage | null, own: FileCoverage | null): string[][] {
  if (suite === null || own === null) return [];
  const theirs = new Map(own.functions.map((f) => [f.name, f]));
  return suite.functions
    .filter((f) => theirs.get(f.name)?.covered !== f.covered)
    .map((f) => [f.name, `${f.covered}/${f.statements}`, `${theirs.get(f.name)?.covered ?? 0}/${f.statements}`]);
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { release: { type: 'string', default: '1.22.0' } } });
  let build: CoverBuild;
  try {
    build = coverBuildOf(values.release);
    for (const file of [build.skopeoCover, build.go, build.proxyTest]) accessSync(file, constants.X_OK);
  } catch (error) {
    process.stderr.write(`bench:coverage: ${(error as Error).message}: build it with .ci/build-skopeo (skopeo 1.9.3, Debian's package, has no cover build)\n`);
    return 2;
  }
  // Removed at the end, and on Ctrl-C too.
  const temp = await makeOwnedTempDir('proxy-conformance-');
  try {
    process.stderr.write(`bench:coverage: the suite against skopeo ${values.release}'s cover build …\n`);
    const suite = await suiteSide(build, temp.path);
    process.stderr.write(`bench:coverage: skopeo's own proxy test against the same build …\n`);
    const own = await ownTestSide(build, temp.path);
    const rows = [suite, own].map((s) => `| ${s.what} | ${figure(s.proxyGo)} | ${s.wallS.toFixed(1)} s |`);
    const functions = differingFunctions(suite.proxyGo, own.proxyGo).map((r) => `| \`${r[0]}\` | ${r[1]} | ${r[2]} |`);
    process.stdout.write(
      [
        `skopeo ${values.release}, \`${DEFAULT_FILES_OF_INTEREST}\` statements:`,
        '',
        '| what runs the proxy | statements | wall |',
        '|---|---|---|',
        ...rows,
        '',
        'per function where they differ (this suite, skopeo\'s test):',
        '',
        '| function | this suite | skopeo\'s test |',
        '|---|---|---|',
        ...functions,
        '',
        `suite: ${suite.note}`,
        `skopeo's test: ${own.note}`,
        '',
      ].join('\n'),
    );
    const out = path.resolve('reports', 'bench-coverage.json');
    await mkdir(path.dirname(out), { recursive: true });
    await replaceJsonFile(out, { release: values.release, suite, own });
    const unmeasured = [suite, own].filter((s) => s.proxyGo === null);
    for (const side of unmeasured) process.stderr.write(`bench:coverage: ${side.what}: no figure for ${DEFAULT_FILES_OF_INTEREST}: ${side.note}\n`);
    return unmeasured.length === 0 ? 0 : 1;
  } finally {
    await temp.remove();
  }
}

process.exitCode = await main();
