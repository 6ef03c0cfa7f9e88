// A fuzz-rate measurement in a Node process of its own: measured inside the bench's process, after
// the measurements before it, the same run read some 20% fewer requests per second (1 494 against
// 1 885 on skopeo 1.9.3, 2 jobs, 30 s), which says more about the bench's own heap and handles than
// about fuzzing. The child runs timeFuzz and prints its FuzzRate as JSON; its progress lines come
// through stderr to the bench's progress.
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import type { LaunchSpec } from '../launch/implementation.js';
import type { FuzzRate } from './fuzz-rate.js';
import type { ProgressStep } from './progress.js';

export interface FuzzRateRequest {
  spec: LaunchSpec;
  dir: string;
  seconds: number;
  jobs?: number;
  sequencesPerSession?: number;
}

const CHILD = fileURLToPath(new URL('./fuzz-child.js', import.meta.url));

export async function timeFuzzApart(request: FuzzRateRequest, step?: ProgressStep): Promise<FuzzRate> {
  // Bounded far above any measurement (seconds of fuzzing, then at most a shrink per finding).
  const child = execa(process.execPath, [CHILD, JSON.stringify(request)], { timeout: (request.seconds + 600) * 1000, reject: false, stdin: 'ignore' });
  child.stderr?.setEncoding('utf8');
  let partial = '';
  child.stderr?.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line !== '') step?.(line, true);
  });
  const result = await child;
  if (result.exitCode !== 0) throw new Error(`the fuzz measurement's process ended ${result.exitCode ?? result.signal}: ${partial}`);
  return JSON.parse(String(result.stdout)) as FuzzRate;
}
