import { describe, expect, it } from 'vitest';
import { loadSpecs } from '../specs/index.js';
import { loadKnownOutcomes } from '../verdicts/known-deviations.js';
import { NO_PROGRESS, type ProgressCounts } from '../transport/progress.js';
import { verdictForWait } from '../verdicts/liveness.js';
import { matchKnownFinding } from './known-findings.js';
import { signatureOf } from './signature.js';

const deviations = loadSpecs().deviations;

/** The signature of a wait that stalled after some progress (or, with `before` empty, at once). */
function hangSignature(what: string, before: ProgressCounts = { ...NO_PROGRESS, packets: 2, pipeBytes: 70_000 }): string {
  return signatureOf(verdictForWait({ what, pending: 'the reply', timeoutMs: 500, end: { kind: 'stalled', idleMs: 500, waitedMs: 1900, before } }));
}
const skopeo193 = loadKnownOutcomes('skopeo version 1.9.3');

describe('fuzz findings that reproduce a recorded deviation', () => {
  // The six signatures the adversarial profile finds against skopeo 1.9.3 (seed 1, 60 s).
  it.each([
    ['fail: (raw packet) succeeded with N fds, the method table says N', 'image-id-truncated-to-32-bits'],
    // The hangs as the harness words them today: signatures of the verdicts its waits give.
    [hangSignature('the GetBlob payload did not reach EOF without FinishPipe'), 'pipe-eof-only-after-finish-pipe'],
    [hangSignature('the GetBlob payload did not reach EOF without FinishPipe', NO_PROGRESS), 'pipe-eof-only-after-finish-pipe'],
    [hangSignature('no reply to FinishPipe'), 'finish-pipe-blocks-all-requests'],
    [hangSignature('no reply to FinishPipe', NO_PROGRESS), 'finish-pipe-blocks-all-requests'],
    ['fail: implementation closed the connection and exited (code N) before replying to (raw packet)', 'zero-length-packet-is-eof'],
    ['crash: implementation closed the connection and exited (code N) before replying to FinishPipe', 'finish-pipe-without-argument-crashes'],
    ['crash: implementation closed the connection and exited (code N) before replying to (raw packet)', 'finish-pipe-without-argument-crashes'],
  ])('%s is labelled %s for skopeo 1.9.3', (signature, id) => {
    expect(matchKnownFinding(signature, skopeo193, deviations)).toMatchObject({ id, release: 'skopeo 1.9.3', reason: expect.any(String) });
  });

  it('labels nothing a release record does not name, nor any finding without a shipped record', () => {
    expect(matchKnownFinding('fail: GetBlob value N differs from the layer size N', skopeo193, deviations)).toBeNull();
    expect(matchKnownFinding(hangSignature('no reply to FinishPipe'), loadKnownOutcomes('proxy-conformance reference proxy 0.1.0'), deviations)).toBeNull();
  });
});
