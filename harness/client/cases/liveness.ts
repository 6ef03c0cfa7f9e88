// A proxy that stops: stalls mid-blob, never closes a pipe, crashes, or never replies. The client
// must end within its deadline, non-zero and saying why; else the verdict is a hang naming the wait.
import { clientCase, type ClientCase } from '../client-case.js';
import { reached } from '../applicability.js';
import { detectsFailure } from '../judges/outcome.js';
import type { FaultName } from '../../reference-proxy/index.js';

function liveness(name: string, title: string, what: string, protocolVersion: string, fault: FaultName, reachedBy: readonly string[], reference: string): ClientCase {
  return clientCase({
    id: `client/liveness/${name}`,
    title,
    why: 'a client without a deadline hangs its caller forever on a stuck proxy (skopeo #2878)',
    level: 'MUST',
    reference,
    tags: ['liveness'],
    profile: { protocolVersion, faults: [fault] },
    appliesWhen: [reached(...reachedBy)],
    judges: [detectsFailure(what)],
  });
}

/** Every method whose payload comes through a pipe the proxy may never close. */
const PIPED = ['GetManifest', 'GetConfig', 'GetFullConfig', 'GetLayerInfoPiped', 'GetBlob'];

export const LIVENESS_CASES: ClientCase[] = [
  liveness('stall-mid-blob', 'ends, non-zero, when a blob stalls after 32 KiB', 'the blob stalled mid-way', '0.2.7', 'stall-mid-blob', ['GetBlob'], 'skopeo issue #2878: a stalled registry body hangs FinishPipe and the whole proxy'),
  liveness('write-end-never-closed', 'ends, non-zero, when a payload pipe never reaches EOF', 'the payload pipe never reached EOF', '0.2.7', 'write-end-never-closed', PIPED, 'FinishPipe in specs/methods.json: the write end closes when the writer is done'),
  liveness('proxy-crashes', 'ends, non-zero, when the proxy crashes mid-session', 'the proxy crashed (exit 2) at the first blob request', '0.2.8', 'crash-mid-session', ['GetBlob', 'GetRawBlob'], 'the proxy is a separate process and can die (a Go panic exits 2)'),
  liveness('no-reply', 'ends, non-zero, when a request is never answered', 'the first blob request was never answered', '0.2.8', 'no-reply-to-blob', ['GetBlob', 'GetRawBlob'], 'skopeo issue #2878: a proxy stuck in one handler answers nothing'),
];
