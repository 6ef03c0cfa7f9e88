// The registry path's cost: starting the run's registry, putting the fixture images in it (a copy of
// the storage the first push left, images/registry-seed.ts), and the
// registry group's wall against an implementation with the CLI's defaults (two jobs), stalls
// included: the figures the registry path's targets (≤ 30 s added to a full run) are judged on.
import { availableParallelism } from 'node:os';
import { runSuite } from '../run/run-suite.js';
import { loadSuite } from '../run/suite.js';
import { resolveConfig } from '../config.js';
import { makeLaunchSpec, resolveTarget } from '../launch/resolve-target.js';
import { loadSuiteImages, readsRegistryImage } from '../images/suite-images.js';
import { startRunRegistry } from '../registry/run-registry.js';
import { countByStatus } from '../verdicts/result.js';
import { countingStep, type ProgressStep } from './progress.js';

interface RegistryTiming {
  startS: number;
  pushS: number;
  cases: number;
  jobs: number;
  wallS: number;
  counts: ReturnType<typeof countByStatus>;
}

export async function timeRegistryPath(executable: string, tempDir: string, step?: ProgressStep): Promise<RegistryTiming> {
  const t0 = performance.now();
  const registry = await startRunRegistry({}, true);
  if (registry.running === null) throw new Error(`no registry: ${registry.state.kind === 'absent' ? registry.state.reason : ''}`);
  const startS = (performance.now() - t0) / 1000;
  step?.(`registry listening after ${startS.toFixed(1)} s; putting the fixture images in`, true);
  try {
    const t1 = performance.now();
    const images = await loadSuiteImages({ registry: registry.running });
    const pushS = (performance.now() - t1) / 1000;
    step?.(`images in after ${pushS.toFixed(1)} s; running the registry cases`, true);
    const spec = await makeLaunchSpec(resolveTarget({ impl: executable, args: [] }, { withoutSkopeo: 'refuse' }), tempDir);
    const checks = loadSuite().filter(readsRegistryImage);
    const jobs = Math.min(2, availableParallelism());
    const run = await runSuite({ spec, checks, images, registry: registry.state, config: resolveConfig(), signal: new AbortController().signal, jobs, onResult: countingStep(step, checks.length, 'registry cases done') });
    return { startS, pushS, cases: checks.length, jobs, wallS: run.durationMs / 1000, counts: countByStatus(run.results) };
  } finally {
    await registry.running.stop();
  }
}
