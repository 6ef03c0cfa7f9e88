// The machine's pipe ceiling for reference: the same bytes through `cat | cat`.
import { execa } from 'execa';
import { median } from './stats.js';

export async function timePipeCeiling(file: string, runs: number): Promise<number> {
  const seconds: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await execa('sh', ['-c', 'cat "$1" | cat > /dev/null', 'sh', file], { timeout: 120_000 });
    seconds.push((performance.now() - t0) / 1000);
  }
  return median(seconds);
}
