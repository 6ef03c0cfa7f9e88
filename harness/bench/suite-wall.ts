// Wall time of the whole scripted suite against one implementation, hang cases included, with
// the CLI's defaults (two jobs): the figure the suite's ≤ 30 s target is judged on.
import { availableParallelism } from 'node:os';
import { runSuite } from '../run/run-suite.js';
import { loadSuite } from '../run/suite.js';
import { loadSuiteImages } from '../images/suite-images.js';
import { resolveConfig } from '../config.js';
import { countByStatus, type RunResult } from '../verdicts/result.js';
import type { LaunchSpec } from '../launch/implementation.js';
import { countingStep, type ProgressStep } from './progress.js';

interface SuiteTiming {
  cases: number;
  jobs: number;
  wallS: number;
  counts: ReturnType<typeof countByStatus>;
}

export async function timeSuite(spec: LaunchSpec, step?: ProgressStep): Promise<SuiteTiming> {
  const checks = loadSuite();
  const images = await loadSuiteImages();
  const jobs = Math.min(2, availableParallelism());
  const run: RunResult = await runSuite({ spec, checks, images, config: resolveConfig(), signal: new AbortController().signal, jobs, onResult: countingStep(step, checks.length, 'cases done') });
  return { cases: checks.length, jobs, wallS: run.durationMs / 1000, counts: countByStatus(run.results) };
}
