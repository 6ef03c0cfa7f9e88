import { describe, expect, it } from 'vitest';
import { loadSpecs } from '../specs/index.js';
import { loadKnownOutcomes } from '../verdicts/known-deviations.js';
import { matchKnownFinding } from './known-findings.js';

const deviations = loadSpecs().deviations;
const skopeo193 = loadKnownOutcomes('skopeo version 1.9.3');

describe('fuzz findings that reproduce a recorded deviation', () => {
  // The six signatures the adversarial profile finds against skopeo 1.9.3 (seed 1, 60 s).
  it.each([
    ['fail: (raw packet) succeeded with N fds, the method table says N', 'image-id-truncated-to-32-bits'],
    ['hang: the payload did not reach EOF within N ms without FinishPipe', 'pipe-eof-only-after-finish-pipe'],
    ['hang: no reply to FinishPipe within N ms', 'finish-pipe-blocks-all-requests'],
    ['fail: implementation closed the connection and exited (code N) before replying to (raw packet)', 'zero-length-packet-is-eof'],
    ['crash: implementation closed the connection and exited (code N) before replying to FinishPipe', 'finish-pipe-without-argument-crashes'],
    ['crash: implementation closed the connection and exited (code N) before replying to (raw packet)', 'finish-pipe-without-argument-crashes'],
  ])('%s is labelled %s for skopeo 1.9.3', (signature, id) => {
    expect(matchKnownFinding(signature, skopeo193, deviations)).toMatchObject({ id, release: 'skopeo 1.9.3', reason: expect.any(String) });
  });

  it('labels nothing a release record does not name, nor any finding without a shipped record', () => {
    expect(matchKnownFinding('fail: GetBlob value N differs from the layer size N', skopeo193, deviations)).toBeNull();
    expect(matchKnownFinding('hang: no reply to FinishPipe within N ms', loadKnownOutcomes('proxy-conformance reference proxy 0.1.0'), deviations)).toBeNull();
  });
});
