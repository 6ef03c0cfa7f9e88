// `npm run bench:guided [-- --seconds N --seeds 1,2,3 --profile P --arms a,b --build PATH]`: coverage-guided
// fuzzing against unguided (guided-vs-unguided.ts) on a skopeo cover build, by default 1.22.0's
// from the build cache (.ci/build-skopeo; 1.9.3, Debian's package, has none). The suite runs once
// first, and each arm's counters are also merged with its ("suite + arm"). Per arm the medians over
// the seeds, then every run; the figures go to reports/bench-guided.json.
import { accessSync, constants } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { dir as makeTempDir } from 'tmp-promise';
import { replaceJsonFile } from '../files/replace-file.js';
import { makeSkopeoArgs, writePermissivePolicy } from '../launch/skopeo.js';
import { PROFILES, type Profile } from '../sequences/model.js';
import { ARMS, mergeRuns, runArm, type Arm, type ArmRun } from './guided-vs-unguided.js';
import { runCoveredSuite } from './covered-suite.js';
import { coverBuildOf } from './cover-builds.js';
import { median } from './stats.js';

const DEFAULT_RELEASE = '1.22.0';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '60' }, seeds: { type: 'string', default: '1,2,3' }, profile: { type: 'string', default: 'adversarial' }, build: { type: 'string' }, arms: { type: 'string', default: ARMS.join(',') } } });
  const seconds = Number(values.seconds);
  const seeds = values.seeds.split(',').map(Number);
  const profile = values.profile as Profile;
  const arms = values.arms.split(',') as Arm[];
  if (!(seconds > 0) || seeds.some((s) => !Number.isInteger(s) || s < 0) || !PROFILES.includes(profile) || arms.some((a) => !ARMS.includes(a))) {
    process.stderr.write(`bench:guided: --seconds N (> 0), --seeds a,b,c (integers), --profile conformance|adversarial, --arms of ${ARMS.join(',')}\n`);
    return 2;
  }
  const coverBuild = values.build ?? coverBuildOf(DEFAULT_RELEASE).skopeoCover;
  const go = path.join(path.dirname(coverBuild), 'goroot', 'bin', 'go');
  for (const file of [coverBuild, go]) {
    try {
      accessSync(file, constants.X_OK);
    } catch {
      process.stderr.write(`bench:guided: ${file} is missing: build it with .ci/build-skopeo (skopeo 1.9.3, Debian's package, has no cover build)\n`);
      return 2;
    }
  }
  const temp = await makeTempDir({ prefix: 'proxy-conformance-bench-guided-', unsafeCleanup: true });
  try {
    // One covered suite run first: each arm's counters are merged with its (the suite + the arm).
    process.stderr.write(`bench:guided: the suite against ${coverBuild} …\n`);
    const suiteRun = await runCoveredSuite({ skopeoCover: coverBuild, go }, temp.path);
    const { profile: suiteProfile, dir: countersDir } = suiteRun.coverage;
    if (suiteProfile === undefined) {
      process.stderr.write(`bench:guided: the suite's counters were not merged: ${suiteRun.coverage.note}\n`);
      return 1;
    }
    const suite = { profile: suiteProfile, countersDir };
    const suiteAlone = await mergeRuns(suite, suite);
    const spec = { executable: coverBuild, args: makeSkopeoArgs(await writePermissivePolicy(temp.path), []), socket: { kind: 'stdin' as const } };
    const runs: ArmRun[] = [];
    for (const seed of seeds) {
      for (const arm of arms) {
        process.stderr.write(`bench:guided: ${arm}, seed ${seed}, ${seconds} s …\n`);
        const run = await runArm({ coverBuild, go, spec, profile, seconds, dir: temp.path }, arm, seed, suite);
        process.stderr.write(`  ${formatRun(run)}\n`);
        runs.push(run);
      }
    }
    process.stdout.write(`implementation: ${coverBuild}; profile ${profile}, ${seconds} s per run, one job, seeds ${seeds.join(',')}\n`);
    process.stdout.write(
      `suite (${suiteRun.cases} cases, ${suiteRun.wallS.toFixed(1)} s): ${suiteAlone.blocks} blocks, proxy.go ${suiteAlone.proxyGo?.covered ?? '?'}/${suiteAlone.proxyGo?.statements ?? '?'} statements\n`,
    );
    for (const arm of arms) process.stdout.write(`${formatArm(arm, runs.filter((r) => r.arm === arm), seeds.length)}\n`);
    process.stdout.write('every run:\n');
    for (const run of runs) process.stdout.write(`  ${formatRun(run)}\n`);
    const out = path.resolve('reports', 'bench-guided.json');
    await mkdir(path.dirname(out), { recursive: true });
    await replaceJsonFile(out, { coverBuild, profile, seconds, seeds, date: new Date().toISOString(), suite: { cases: suiteRun.cases, wallS: suiteRun.wallS, ...suiteAlone }, runs });
    process.stdout.write(`written: ${path.relative(process.cwd(), out)}\n`);
    return 0;
  } finally {
    await temp.cleanup();
  }
}

/** An arm's medians over its runs, and in how many runs each kind of finding came (median time of those). */
function formatArm(arm: Arm, runs: readonly ArmRun[], seeds: number): string {
  const kinds = [...new Set(runs.flatMap((r) => Object.keys(r.firsts)))].sort();
  const found = kinds.map((k) => {
    const times = runs.flatMap((r) => (r.firsts[k] === undefined ? [] : [r.firsts[k] as number]));
    return `\n    ${k}: ${times.length}/${seeds} runs, median ${(median(times) / 1000).toFixed(1)} s`;
  });
  const proxy = runs.map((r) => r.proxyGo?.covered ?? 0);
  const statements = runs[0]?.proxyGo?.statements ?? 0;
  const withSuite = runs.map((r) => r.withSuite?.proxyGo?.covered ?? 0);
  const blocksWithSuite = runs.map((r) => r.withSuite?.blocks ?? 0);
  return (
    `${arm.padEnd(14)} blocks ${median(runs.map((r) => r.blocks)).toFixed(0)} (${runs.map((r) => r.blocks).join(', ')}); ` +
    `proxy.go ${median(proxy).toFixed(0)}/${statements} statements (${proxy.join(', ')}); ` +
    `suite + ${arm}: blocks ${median(blocksWithSuite).toFixed(0)} (${blocksWithSuite.join(', ')}), proxy.go ${median(withSuite).toFixed(0)}/${statements} (${withSuite.join(', ')}); ` +
    `${median(runs.map((r) => r.sequences)).toFixed(0)} sequences, ${median(runs.map((r) => r.msPerSequence)).toFixed(0)} ms each ` +
    `(CPU: skopeo ${median(runs.map((r) => r.cpuMsPerSequence.implementation)).toFixed(1)} ms, harness ${median(runs.map((r) => r.cpuMsPerSequence.harness)).toFixed(1)} ms); ` +
    `first finding of each kind:${found.length > 0 ? found.join('') : ' none'}`
  );
}

function formatRun(r: ArmRun): string {
  const firsts = Object.entries(r.firsts)
    .sort(([, a], [, b]) => a - b)
    .map(([k, ms]) => `${(ms / 1000).toFixed(1)} s ${r.known.includes(k) ? '' : '(not a recorded deviation) '}${k}`)
    .join('; ');
  return (
    `${r.arm} seed ${r.seed}: ${r.blocks} blocks, proxy.go ${r.proxyGo?.covered ?? '?'}/${r.proxyGo?.statements ?? '?'} ` +
    `(with the suite: ${r.withSuite?.blocks ?? '?'} blocks, ${r.withSuite?.proxyGo?.covered ?? '?'}/${r.withSuite?.proxyGo?.statements ?? '?'}), ${r.sequences} sequences in ${r.seconds.toFixed(1)} s ` +
    `(${r.processes.withCounters}/${r.processes.launched} processes left counters)${r.guided ? `, ${r.guided.seeds} seeds` : ''}; findings: ${firsts || 'none'}`
  );
}

process.exitCode = await main();
