import { describe, expect, it } from 'vitest';
import { loadSpecs } from '../specs/index.js';
import { loadKnownOutcomes } from '../verdicts/known-deviations.js';
import { NO_PROGRESS, type ProgressCounts } from '../transport/progress.js';
import { verdictForWait } from '../verdicts/liveness.js';
import { matchKnownFinding } from './known-findings.js';
import { signatureOf } from './signature.js';
import { findReplyViolation } from '../checks/invariants.js';
import type { ReplyOutcome } from '../protocol/client.js';

const deviations = loadSpecs().deviations;

/** The signature of a wait that stalled after some progress (or, with `before` empty, at once). */
function hangSignature(what: string, before: ProgressCounts = { ...NO_PROGRESS, packets: 2, pipeBytes: 70_000 }): string {
  return signatureOf(verdictForWait({ what, pending: 'the reply', timeoutMs: 500, end: { kind: 'stalled', idleMs: 500, waitedMs: 1900, before } }));
}
const skopeo193 = loadKnownOutcomes('skopeo version 1.9.3');

/**
 * The finding of a raw packet whose keys are upper case, `{"METHOD":"GetConfig","ARGS":[id + 0.5]}`:
 * the harness names a packet's method only from an exact `method` key, so a piped method that Go
 * matched case-insensitively (json-keys-case-insensitive) succeeds with one fd where an unnamed
 * method has none. The fractional id (numbers-truncated-not-validated) only decides that the image
 * exists, as an id + 2^32 does for 1.9.3: without the key case the harness would have named the
 * method and found nothing.
 */
function upperKeysFinding(): string {
  const json = { success: true, value: null, pipeid: 7, error_code: '', error: '' };
  const raw = Buffer.from(JSON.stringify(json));
  const outcome: ReplyOutcome = { kind: 'reply', json, reply: json, raw, fds: [99], size: raw.length, truncated: false, ctruncated: false, elapsedMs: 1 };
  const message = findReplyViolation('(raw packet)', outcome, '0.2.8', loadSpecs());
  expect(message).toBe('(raw packet) succeeded with 1 fds, the method table says 0');
  return signatureOf({ status: 'fail', message: message as string });
}

describe('fuzz findings that reproduce a recorded deviation', () => {
  // The six signatures the adversarial profile finds against skopeo 1.9.3 (seed 1, 60 s).
  it.each([
    ['fail: (raw packet) succeeded with N fds, the method table says N', 'json-keys-case-insensitive'],
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

  it.each(['1.9.3', '1.18.0', '1.22.0'])('an upper-case request with a fractional id that succeeds with a pipe is json-keys-case-insensitive for skopeo %s', (release) => {
    const known = loadKnownOutcomes(`skopeo version ${release}`);
    expect(matchKnownFinding(upperKeysFinding(), known, deviations)).toMatchObject({ id: 'json-keys-case-insensitive', release: `skopeo ${release}` });
  });

  it('labels nothing a release record does not name, nor any finding without a shipped record', () => {
    expect(matchKnownFinding('fail: GetBlob value N differs from the layer size N', skopeo193, deviations)).toBeNull();
    expect(matchKnownFinding(hangSignature('no reply to FinishPipe'), loadKnownOutcomes('proxy-conformance reference proxy 0.1.0'), deviations)).toBeNull();
  });
});
