// A proxy that serves wrong bytes with every reply a success: the client must notice (non-zero exit
// with a message), and never report success having written the wrong bytes. Verifying what a proxy
// that claims success hands over is defence in depth (SHOULD: the proxy verifies GetBlob and the
// manifest itself); GetRawBlob is verified by nobody but the client, so there it is a MUST
// (docs/clients.md, "Levels and the trust model").
import { clientCase, type ClientCase, type Judge } from '../client-case.js';
import { reached } from '../applicability.js';
import { detectsFailure } from '../judges/outcome.js';
import type { FaultName } from '../../reference-proxy/index.js';
import type { Level } from '../../model/case.js';
import type { SuiteImageAlias } from '../../images/suite-images.js';

/** A layer fault reaches a client through either blob method. */
const BLOB_METHODS = ['GetBlob', 'GetRawBlob'];

const REF = 'OCI image spec: content is verified against its descriptor digest and size; GetRawBlob does not verify (specs/methods.json)';

function integrity(name: string, title: string, what: string, reachedBy: readonly string[], profile: { protocolVersion?: string; faults: FaultName[] }, image?: SuiteImageAlias, judge?: Judge, level: Level = 'SHOULD'): ClientCase {
  return clientCase({
    id: `client/integrity/${name}`,
    title,
    why: level === 'MUST' ? 'GetRawBlob does not verify: a client that does not either installs whatever bytes it is handed' : 'a client that trusts the proxy blindly installs whatever bytes a compromised or buggy proxy hands it',
    level,
    reference: REF,
    tags: ['integrity'],
    ...(image !== undefined ? { image } : {}),
    profile,
    appliesWhen: [reached(...reachedBy)],
    judges: [judge ?? detectsFailure(what)],
  });
}

export const INTEGRITY_CASES: ClientCase[] = [
  integrity('manifest-byte-changed', 'notices a manifest with one byte changed', 'one byte of the manifest was changed', ['GetManifest'], { faults: ['wrong-manifest-byte'] }),
  integrity('manifest-digest-wrong', 'notices a GetManifest digest that does not match the manifest', 'GetManifest replied a digest the manifest does not have', ['GetManifest'], { faults: ['wrong-manifest-digest'] }),
  integrity('manifest-layer-size-wrong', 'notices a layer whose size differs from the manifest\'s (digest intact)', 'the manifest declares a layer size one byte larger than the blob', BLOB_METHODS, { faults: ['manifest-layer-size-wrong'] }),
  integrity('blob-truncated', 'notices a blob one byte short with FinishPipe succeeding', 'GetBlob streamed one byte less and FinishPipe succeeded', ['GetBlob'], { protocolVersion: '0.2.7', faults: ['truncated-blob'] }),
  integrity('blob-over-long', 'notices a blob with an extra byte with FinishPipe succeeding', 'GetBlob streamed one byte more and FinishPipe succeeded', ['GetBlob'], { protocolVersion: '0.2.7', faults: ['extra-blob-byte'] }),
  integrity('blob-corrupted', 'notices a corrupted blob with FinishPipe succeeding', 'a blob did not match its digest and FinishPipe succeeded', ['GetBlob'], { protocolVersion: '0.2.7', faults: ['finish-pipe-ignores-digest'] }, 'corrupt'),
  integrity('raw-blob-corrupted', 'notices GetRawBlob bytes that do not match the digest', 'GetRawBlob streamed bytes that do not match the digest (it never verifies)', ['GetRawBlob'], { faults: [] }, 'corrupt', undefined, 'MUST'),
  integrity(
    'layer-info-size-wrong',
    'notices layer info whose sizes disagree with the manifest',
    'GetLayerInfoPiped reported every layer one byte larger than the manifest',
    ['GetLayerInfo', 'GetLayerInfoPiped'],
    { protocolVersion: '0.2.7', faults: ['wrong-layer-info-size'] },
    undefined,
    detectsFailure('the layer info disagreed with the manifest'),
  ),
];
