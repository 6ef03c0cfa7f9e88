// `npm run bench`: the harness beside a minimal raw client against skopeo, with the pipe ceiling.
// Targets: harness round trip ≤ 1.1× the raw client's; blob throughput ≥ 1.0× the raw client's.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dir as makeTempDir } from 'tmp-promise';
import type { LaunchSpec } from '../launch/implementation.js';
import { findOnPath, SKOPEO_INSTALL_HINT } from '../launch/resolve-impl.js';
import { makeSkopeoArgs, writePermissivePolicy } from '../launch/skopeo.js';
import { makeBenchImage } from './bench-image.js';
import { timeHarnessClient, type ClientTimings } from './harness-client.js';
import { timePipeCeiling } from './pipe-ceiling.js';
import { timeRawClient } from './raw-client.js';
import { mbPerSecond } from './stats.js';

const PAIRS = 1000;
const BLOB_RUNS = 7;
const BLOB_BYTES = 64 * 1024 * 1024;

async function main(): Promise<number> {
  const skopeo = findOnPath('skopeo');
  if (skopeo === null) {
    process.stderr.write(`bench: no skopeo on PATH: ${SKOPEO_INSTALL_HINT}\n`);
    return 2;
  }
  const temp = await makeTempDir({ prefix: 'proxy-conformance-bench-', unsafeCleanup: true });
  try {
    const blob = await makeBenchImage(temp.path, BLOB_BYTES);
    const spec: LaunchSpec = {
      executable: skopeo,
      args: makeSkopeoArgs(await writePermissivePolicy(temp.path), []),
      socket: { kind: 'stdin' },
    };
    // Two alternating rounds, best of each, so neither client always runs on a warmer machine.
    const raw1 = await timeRawClient(spec, blob, PAIRS, BLOB_RUNS);
    const harness1 = await timeHarnessClient(spec, blob, PAIRS, BLOB_RUNS);
    const harness2 = await timeHarnessClient(spec, blob, PAIRS, BLOB_RUNS);
    const raw2 = await timeRawClient(spec, blob, PAIRS, BLOB_RUNS);
    const raw = bestOf(raw1, raw2);
    const harness = bestOf(harness1, harness2);
    const ceilingS = await timePipeCeiling(blob.file, BLOB_RUNS);

    const rawMBs = mbPerSecond(blob.size, raw.blobMedianS);
    const harnessMBs = mbPerSecond(blob.size, harness.blobMedianS);
    const rttRatio = harness.pairMedianUs / raw.pairMedianUs;
    const blobRatio = harnessMBs / rawMBs;
    const rows = [
      ['metric', 'harness (TS)', 'raw client (Python)', 'ratio', 'target', 'met'],
      [`OpenImage+CloseImage median (n=${PAIRS})`, `${harness.pairMedianUs.toFixed(1)} µs`, `${raw.pairMedianUs.toFixed(1)} µs`, `${rttRatio.toFixed(2)}×`, '≤ 1.10×', rttRatio <= 1.1 ? 'yes' : 'NO'],
      [`GetBlob 64 MiB + sha256 (median of ${BLOB_RUNS})`, `${harnessMBs.toFixed(0)} MB/s`, `${rawMBs.toFixed(0)} MB/s`, `${blobRatio.toFixed(2)}×`, '≥ 1.00×', blobRatio >= 1.0 ? 'yes' : 'NO'],
      ['pipe ceiling: cat | cat, same 64 MiB', `${mbPerSecond(blob.size, ceilingS).toFixed(0)} MB/s`, '', '', '', ''],
    ];
    process.stdout.write(`implementation: ${skopeo}\n${formatTable(rows)}\n`);
    const report = { skopeo, date: new Date().toISOString(), pairs: PAIRS, blobRuns: BLOB_RUNS, blobBytes: blob.size, harness, raw, ceilingS, rttRatio, blobRatio };
    const out = path.resolve('reports', 'bench.json');
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`written: ${path.relative(process.cwd(), out)}\n`);
    return 0;
  } finally {
    await temp.cleanup();
  }
}

function bestOf(a: ClientTimings, b: ClientTimings): ClientTimings {
  return { pairMedianUs: Math.min(a.pairMedianUs, b.pairMedianUs), blobMedianS: Math.min(a.blobMedianS, b.blobMedianS) };
}

function formatTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`).join('\n');
}

process.exitCode = await main();
