// Client mode's cost per session: the reference client fetching one image through the harness (the
// skopeo stand-in, the connect-back socket, the session served in-process, the judging) beside the
// same client on the reference proxy's own executable; and the whole client suite's wall time.
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { CLIENT_CASES } from '../client/cases/index.js';
import { runClientSuite } from '../client/run-client-suite.js';
import { resolveConfig } from '../config.js';
import { loadSuiteImages, type SuiteImage } from '../images/suite-images.js';
import { median } from './stats.js';
import { countingStep, type ProgressStep } from './progress.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REFERENCE_CLIENT = path.join(REPO_ROOT, 'harness/test-support/clients/reference-client.py');
const ONE_FETCH = 'client/fetch/protocol-0.2.8';

export interface ClientModeTimings {
  runs: number;
  /** The client on `bin/reference-proxy.js` directly: spawn, fetch, exit. */
  directMedianMs: number;
  /** The same through the client mode, per case. */
  servedMedianMs: number;
  ratio: number;
  suite: { cases: number; passed: number; jobs: number; wallS: number };
}

export async function timeClientMode(dir: string, runs: number, step?: ProgressStep): Promise<ClientModeTimings> {
  const images = await loadSuiteImages();
  const image = images.simple as SuiteImage;
  const proxy = path.join(dir, 'reference-proxy.sh');
  // The client runs `$PC_PROXY experimental-image-proxy`; the executable takes no subcommand.
  await writeFile(proxy, `#!/bin/sh\nexec '${process.execPath}' '${path.join(REPO_ROOT, 'bin/reference-proxy.js')}' --insecure-policy\n`);
  await chmod(proxy, 0o755);
  const out = path.join(dir, 'out');
  const direct: number[] = [];
  for (let i = 0; i < runs; i++) {
    await rm(out, { recursive: true, force: true });
    await mkdir(out);
    const started = performance.now();
    await execa('python3', [REFERENCE_CLIENT, '--proxy-flag', '--insecure-policy'], { env: { PC_PROXY: proxy, PC_IMAGE: image.reference, PC_OUT: out } });
    direct.push(performance.now() - started);
    step?.(`the client on the reference proxy: run ${i + 1}/${runs} done`);
  }
  const one = CLIENT_CASES.find((c) => c.id === ONE_FETCH);
  if (one === undefined) throw new Error(`no client case ${ONE_FETCH}`);
  const config = resolveConfig();
  const base = {
    command: { executable: 'python3', args: [REFERENCE_CLIENT] },
    images,
    deadlineMs: config.clientMs,
    progressMs: config.timeouts.progressMs,
    teardown: { exitMs: config.timeouts.exitMs, termMs: config.timeouts.termMs },
    signal: new AbortController().signal,
  };
  const served = await runClientSuite({ ...base, cases: Array.from({ length: runs }, () => one), jobs: 1, onResult: countingStep(step, runs, 'sessions through the client mode done') });
  const servedMs = served.results.map((r) => r.durationMs);
  const started = performance.now();
  const suite = await runClientSuite({ ...base, cases: CLIENT_CASES, jobs: 2, onResult: countingStep(step, CLIENT_CASES.length, 'client suite cases done') });
  const wallS = (performance.now() - started) / 1000;
  const directMedianMs = median(direct);
  const servedMedianMs = median(servedMs);
  return {
    runs,
    directMedianMs,
    servedMedianMs,
    ratio: servedMedianMs / directMedianMs,
    suite: { cases: CLIENT_CASES.length, passed: suite.results.filter((r) => r.verdict.status === 'pass').length, jobs: 2, wallS },
  };
}
