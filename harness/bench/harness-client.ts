// The harness's side of the benchmark: the same operations as the raw client, through the
// transport, JSON client and piped read that the checks use.
import { Implementation, type LaunchSpec } from '../launch/implementation.js';
import type { CallOutcome, Reply } from '../protocol/client.js';
import { readPiped } from '../protocol/piped-read.js';
import { resolveConfig } from '../config.js';
import { median } from './stats.js';

export interface BenchBlob {
  reference: string;
  digest: string;
  size: number;
}

export interface ClientTimings {
  pairMedianUs: number;
  blobMedianS: number;
}

const TIMEOUT_MS = 30_000;
/** The harness grows payload pipes to 1 MiB, as the checks' full reads do. */
const PIPE_BYTES = 1024 * 1024;
/** Untimed pairs first, in both clients, so neither is measured while warming up. */
const WARMUP_PAIRS = 200;

function okReply(method: string, outcome: CallOutcome): Reply & { fds: number[] } {
  if (outcome.kind !== 'reply' || !outcome.reply?.success) throw new Error(`${method} failed: ${JSON.stringify(outcome.kind === 'reply' ? outcome.json : outcome.kind)}`);
  return { ...outcome.reply, fds: outcome.fds };
}

export async function timeHarnessClient(spec: LaunchSpec, blob: BenchBlob, pairs: number, blobRuns: number): Promise<ClientTimings> {
  const controller = new AbortController();
  const impl = Implementation.launch(spec, controller.signal);
  const client = impl.client;
  const call = async (method: string, args: unknown[]) => okReply(method, await client.call(method, args, { timeoutMs: TIMEOUT_MS }));
  try {
    await call('Initialize', []);
    for (let i = 0; i < WARMUP_PAIRS; i++) await call('CloseImage', [(await call('OpenImage', [blob.reference])).value]);
    const rtts: number[] = [];
    for (let i = 0; i < pairs; i++) {
      const t0 = performance.now();
      const opened = await call('OpenImage', [blob.reference]);
      await call('CloseImage', [opened.value]);
      rtts.push((performance.now() - t0) * 1000);
    }
    const id = (await call('OpenImage', [blob.reference])).value;
    const seconds: number[] = [];
    for (let i = 0; i < blobRuns; i++) {
      const t0 = performance.now();
      const reply = await call('GetBlob', [id, blob.digest, blob.size]);
      const { payload } = await readPiped(impl.socket.take(reply.fds[0] as number), {
        order: 'concurrent',
        pipeid: reply.pipeid,
        finish: () => call('FinishPipe', [reply.pipeid]),
        transcript: impl.transcript,
        timeoutMs: TIMEOUT_MS,
        pipeSize: PIPE_BYTES,
      });
      if (payload.bytes !== blob.size || payload.sha256 !== blob.digest) throw new Error(`blob mismatch: ${JSON.stringify(payload)}`);
      seconds.push((performance.now() - t0) / 1000);
    }
    return { pairMedianUs: median(rtts), blobMedianS: median(seconds) };
  } finally {
    await impl.teardown(resolveConfig().timeouts, { shutdown: true });
  }
}
