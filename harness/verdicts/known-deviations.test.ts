import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseResult } from './result.js';
import { findKnownDeviation, loadKnownOutcomes } from './known-deviations.js';

function result(id: string, verdict: CaseResult['verdict']): CaseResult {
  return { id, title: id, level: 'MUST', tags: [], verdict, durationMs: 1, transcript: [], stderrTail: '' };
}

describe('known deviations by release', () => {
  it('finds the record shipped for a skopeo release from its version string, and none for an unknown release or another family', () => {
    expect(loadKnownOutcomes('skopeo version 1.9.3')?.release).toBe('skopeo 1.9.3');
    expect(loadKnownOutcomes('skopeo version 1.99.0')).toBeNull();
    expect(loadKnownOutcomes('proxy-conformance reference proxy 0.1.0')).toBeNull();
    expect(loadKnownOutcomes(null)).toBeNull();
    expect(loadKnownOutcomes('skopeo version 1.9.3', path.join('no', 'such', 'dir'))).toBeNull();
  });

  it('names a failure only when it ends as recorded: same status, pins met, a deviation given', () => {
    const known = loadKnownOutcomes('skopeo version 1.9.3');
    if (known === null) throw new Error('the skopeo 1.9.3 record is not shipped');
    const crash = result('finishpipe/bad-args/no-args', {
      status: 'crash',
      message: 'implementation closed the connection and exited (code 2) before replying to FinishPipe',
      exit: { code: 2, signal: null },
      stderrTail: '',
    });
    expect(findKnownDeviation(crash, known)).toEqual({ id: 'finish-pipe-without-argument-crashes', reason: expect.stringContaining('panic'), release: 'skopeo 1.9.3' });
    // The pinned message says exit 2: a crash with another code is not the known one.
    expect(findKnownDeviation({ ...crash, verdict: { ...crash.verdict, message: 'implementation closed the connection and exited (code 1) before replying to FinishPipe' } as CaseResult['verdict'] }, known)).toBeNull();
    expect(findKnownDeviation(result('finishpipe/bad-args/no-args', { status: 'fail', message: 'x' }), known)).toBeNull();
    expect(findKnownDeviation(result('getblob/layers', { status: 'fail', message: 'x' }), known)).toBeNull();
    // Flaky records never explain a failure.
    expect(findKnownDeviation(result('finishpipe/close-unread/small', { status: 'fail', message: 'EPIPE' }), known)).toBeNull();
  });
});
