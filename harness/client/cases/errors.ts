// A proxy that reports failures: the client must fail with a message (never exit 0), or, for a
// retryable error, may retry and then must fetch the image golden.
import { clientCase, type ClientCase, type ClientCaseSpec } from '../client-case.js';
import { called, reached } from '../applicability.js';
import { detectsFailure, exitsZero, fetchesOrFailsClearly, writesGoldenImage } from '../judges/outcome.js';

const REF = 'error_code in specs/versions.json (0.2.8): other, EPIPE, retryable; the client contract (docs/clients.md)';

function errorCase(name: string, spec: Omit<ClientCaseSpec, 'id' | 'why' | 'reference' | 'tags' | 'level'> & { level?: ClientCaseSpec['level'] }): ClientCase {
  return clientCase({ id: `client/errors/${name}`, why: 'a failure the client hides becomes a half-pulled image', reference: REF, tags: ['errors'], level: 'MUST', ...spec });
}

/** A layer fault reaches a client through either blob method. */
const BLOB = ['GetBlob', 'GetRawBlob'];

export const ERROR_CASES: ClientCase[] = [
  errorCase('missing-image', { title: 'fails with a message when OpenImage fails (a tag the layout lacks)', imageRef: 'missingTag', profile: {}, appliesWhen: [called('OpenImage', 'OpenImageOptional')], judges: [detectsFailure('OpenImage failed: the tag does not exist')] }),
  errorCase('missing-blob', { title: 'fails with a message when a blob request fails (GetRawBlob or GetBlob: a blob missing from the layout)', image: 'missingBlob', profile: {}, appliesWhen: [reached(...BLOB)], judges: [detectsFailure('a layer blob is missing')] }),
  errorCase('missing-blob-get-blob', { title: 'fails with a message when GetBlob fails (0.2.7)', image: 'missingBlob', profile: { protocolVersion: '0.2.7' }, appliesWhen: [reached('GetBlob')], judges: [detectsFailure('a layer blob is missing')] }),
  errorCase('blob-corrupted-finish-pipe-fails', { title: 'fails with a message when FinishPipe reports a corrupted blob', image: 'corrupt', profile: { protocolVersion: '0.2.7' }, appliesWhen: [reached('GetBlob')], judges: [detectsFailure('FinishPipe reported "corrupted blob"')] }),
  errorCase('finish-pipe-epipe', { title: 'fails with a message when FinishPipe replies EPIPE', profile: { protocolVersion: '0.2.7', faults: ['finish-pipe-epipe'] }, appliesWhen: [reached('FinishPipe')], judges: [detectsFailure('FinishPipe replied EPIPE')] }),
  errorCase('raw-blob-error-after-data', { title: 'fails with a message when the GetRawBlob error pipe reports an error', profile: { faults: ['raw-blob-error-after-data'] }, appliesWhen: [reached('GetRawBlob')], judges: [detectsFailure('the GetRawBlob error pipe reported a read error')] }),
  errorCase('retryable-fetches-or-fails', { title: 'after a blob request (GetRawBlob or GetBlob) fails with error_code retryable, fetches the image golden or fails with a message', profile: { faults: ['blob-retryable-once'] }, appliesWhen: [reached(...BLOB)], judges: [fetchesOrFailsClearly('the first blob request failed with error_code retryable')] }),
  errorCase('retryable-is-retried', { title: 'retries a blob request (GetRawBlob or GetBlob) that failed with error_code retryable, and fetches the image', level: 'SHOULD', profile: { faults: ['blob-retryable-once'] }, appliesWhen: [reached(...BLOB)], judges: [exitsZero, writesGoldenImage] }),
];
