// The machine's pipe ceiling for reference: the same bytes through `cat | cat`.
import { execa } from 'execa';
import { median } from './stats.js';
import type { ProgressStep } from './progress.js';

export async function timePipeCeiling(file: string, runs: number, step?: ProgressStep): Promise<number> {
  const seconds: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await execa('sh', ['-c', 'cat "$1" | cat > /dev/null', 'sh', file], { timeout: 120_000 });
    seconds.push((performance.now() - t0) / 1000);
    step?.(`run ${i + 1}/${runs} done`);
  }
  return median(seconds);
}
