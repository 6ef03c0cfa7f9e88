// Runs the raw Python client (the floor any client pays) and reads its one-line JSON result.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import type { LaunchSpec } from '../launch/implementation.js';
import type { BenchBlob, ClientTimings } from './harness-client.js';

const SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'harness', 'bench', 'raw-client.py');

/** `taskset` args (e.g. `['-c', '0']`) run the client pinned, as the harness is. */
export async function timeRawClient(spec: LaunchSpec, blob: BenchBlob, pairs: number, blobRuns: number, taskset?: string[]): Promise<ClientTimings> {
  const args = [SCRIPT, blob.reference, blob.digest, String(blob.size), String(pairs), String(blobRuns), '--', spec.executable, ...spec.args];
  const { stdout } = taskset
    ? await execa('taskset', [...taskset, 'python3', ...args], { timeout: 600_000 })
    : await execa('python3', args, { timeout: 600_000 });
  const result = JSON.parse(stdout) as { pairMedianUs: number; blobMedianS: number };
  return { pairMedianUs: result.pairMedianUs, blobMedianS: result.blobMedianS };
}
