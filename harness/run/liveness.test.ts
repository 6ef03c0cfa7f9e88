// A wait that runs out is a hang only when nothing moved: a proxy that trickles a payload for ever
// fails with what it moved, one that stalls hangs with "nothing moved", and a proxy reconnecting to
// its upstream without end is judged within the allowance, the reconnects and last Range named.
import { beforeAll, describe, expect, test } from 'vitest';
import { resolveConfig } from '../config.js';
import { CheckContext } from '../checks/context.js';
import type { CheckDefinition } from '../checks/types.js';
import { Implementation } from '../launch/implementation.js';
import { REFERENCE_PROXY_BIN } from '../launch/resolve-impl.js';
import { loadSuiteImages, type SuiteImage, type SuiteImages } from '../images/suite-images.js';
import { FaultyUpstream } from '../registry/upstream.js';
import { loadSpecs } from '../specs/index.js';
import { HOSTILE } from '../test-support/paths.js';
import { VerdictSignal, type Verdict } from '../verdicts/verdict.js';
import { runSuite } from './run-suite.js';
import { selectCases } from './select.js';
import { loadSuite } from './suite.js';

// Generous idle deadlines: under load the trickle (every 20 ms) never pauses for seconds, and a Python
// implementation's start-up beside other work stays well inside the Initialize deadline.
const TIMEOUTS = { callMs: 10_000, payloadMs: 10_000, progressMs: 20_000, exitMs: 1000, termMs: 500 };

let images: SuiteImages;
let checks: CheckDefinition[];

beforeAll(async () => {
  images = await loadSuiteImages();
  checks = selectCases(loadSuite(), { run: ['getblob/big-layer'], skip: [] });
});

async function verdictOf(executable: string, args: string[]): Promise<Verdict> {
  const run = await runSuite({ spec: { executable, args, socket: { kind: 'stdin' } }, checks, images, config: resolveConfig({ timeouts: TIMEOUTS }), signal: new AbortController().signal });
  expect(run.results).toHaveLength(1);
  return (run.results[0] as (typeof run.results)[number]).verdict;
}

describe('a wait that runs out', () => {
  test('a payload trickled for ever, FinishPipe unanswered: fail, still progressing, with the bytes read', async () => {
    const verdict = await verdictOf(HOSTILE, ['--mode', 'trickle-pipe', '--trickle-ms', '20']);
    expect(verdict.status).toBe('fail');
    expect(verdict).toMatchObject({
      message: expect.stringMatching(/^no reply to FinishPipe within the 20000 ms allowance, though it was still progressing: [\d.]+ KiB through pipes; the last movement was \d+ ms before the end$/),
    });
  });

  test('a blob that stops after 32 KiB (reference proxy, stall-mid-blob): hang, nothing moved', async () => {
    const verdict = await verdictOf(REFERENCE_PROXY_BIN, ['--fault', 'stall-mid-blob']);
    expect(verdict.status).toBe('hang');
    expect(verdict).toMatchObject({ message: expect.stringMatching(/^no reply to FinishPipe: nothing moved for 10000 ms( \(before that, in \d+ ms: 32\.0 KiB through pipes\))?$/) });
  });

  test('an implementation that keeps asking its upstream again: judged within the allowance, its reconnects and last Range named', async () => {
    // The upstream answers 503 at once (no registry behind it is reached); the test plays the
    // proxy's reconnect loop while the call waits, as a proxy retrying without bound would.
    const upstream = await FaultyUpstream.start('127.0.0.1:9');
    const digest = `sha256:${'a'.repeat(64)}`;
    upstream.setRules([{ target: { kind: 'blob', digest }, fault: { kind: 'status', status: 503, times: Number.MAX_SAFE_INTEGER } }]);
    const impl = Implementation.launch({ executable: HOSTILE, args: ['--mode', 'never-replies'], socket: { kind: 'stdin' } }, new AbortController().signal);
    try {
      upstream.reportTo(impl.client.progress);
      const config = resolveConfig({ timeouts: { ...TIMEOUTS, callMs: 2500, payloadMs: 2500, progressMs: 4000 } });
      const ctx = new CheckContext(impl, images.simple as SuiteImage, images, config, '0.2.8', loadSpecs());
      let waiting = true;
      const call = ctx.call('GetBlob', [1, digest, 10]).then(
        () => ({ status: 'pass' }) as Verdict,
        (error: unknown) => (error as VerdictSignal).verdict,
      );
      void call.then(() => (waiting = false));
      let offset = 0;
      while (waiting) {
        await fetch(`http://${upstream.host}/v2/x/blobs/${digest}`, { headers: { range: `bytes=${offset}-` } }).then((r) => r.arrayBuffer());
        offset = 1024 * 1024;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const verdict = await call;
      expect(verdict.status).toBe('fail');
      expect(verdict).toMatchObject({
        message: expect.stringMatching(/^no reply to GetBlob within the 4000 ms allowance, though it was still progressing: \d+ upstream requests \(\d+ reconnects, last Range: bytes=1048576-\); the last movement was \d+ ms before the end$/),
      });
    } finally {
      await impl.teardown({ exitMs: 1000, termMs: 500 });
      await upstream.close();
    }
  });
});
