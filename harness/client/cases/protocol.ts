// What the client says, judged from the session against a proxy that does nothing wrong: order,
// methods its proxy's version offers, FinishPipe discipline, one request at a time, sizes, ids,
// closed images, and an ended session with the proxy waited for.
import { clientCase, type ClientCase, type Judge } from '../client-case.js';
import type { Level } from '../../model/case.js';
import type { SuiteImageAlias } from '../../images/suite-images.js';
import * as p from '../judges/protocol.js';
import * as a from '../applicability.js';

const METHODS = 'specs/methods.json (the method table, with the version each method arrived in)';

function protocolCase(name: string, title: string, why: string, judge: Judge, appliesWhen: readonly a.Requirement[], options: { level?: Level; protocolVersion?: string; image?: SuiteImageAlias; reference?: string } = {}): ClientCase {
  return clientCase({
    id: `client/protocol/${name}`,
    title,
    why,
    level: options.level ?? 'MUST',
    reference: options.reference ?? METHODS,
    tags: ['protocol'],
    ...(options.image !== undefined ? { image: options.image } : {}),
    profile: { ...(options.protocolVersion !== undefined ? { protocolVersion: options.protocolVersion } : {}) },
    appliesWhen: [a.startedProxy, ...appliesWhen],
    judges: [judge],
  });
}

export const PROTOCOL_CASES: ClientCase[] = [
  protocolCase('initialize-first-and-once', 'sends Initialize first, and once per session', 'every method before Initialize fails; a second Initialize fails ("already initialized")', p.initializeFirstAndOnce, [a.sentRequests(1)]),
  ...(['0.2.3', '0.2.5', '0.2.7'] as const).map((v) =>
    protocolCase(`only-offered-methods-${v}`, `calls only the methods a ${v} proxy offers`, 'a newer method is "unknown method" on an older proxy (bootc #1424: GetRawBlob not gated by version)', p.onlyOfferedMethods, [a.sentRequests(1)], { protocolVersion: v }),
  ),
  protocolCase('finish-pipe-once-per-pipe', 'sends FinishPipe exactly once for every payload pipe', 'an unfinished pipe keeps its writer and fds in the proxy; a second FinishPipe fails', p.finishPipeOncePerPipe, [a.receivedPipe('GetManifest', 'GetConfig', 'GetFullConfig', 'GetBlob', 'GetLayerInfoPiped')], { protocolVersion: '0.2.7' }),
  protocolCase('no-finish-pipe-for-raw-blob', 'never sends FinishPipe with pipeid 0 (GetRawBlob pipes need none)', 'GetRawBlob replies pipeid 0: there is nothing to finish, and FinishPipe(0) fails', p.noFinishPipeZeroOrRaw, [a.called('GetRawBlob', 'FinishPipe')]),
  protocolCase('reads-payload-during-finish-pipe', 'reads a large payload while FinishPipe is in flight', 'FinishPipe waits for the writer, which blocks on a full pipe until the client reads: reading after FinishPipe deadlocks', p.readsPayloadDuringFinishPipe, [a.finishedLargePayload], { protocolVersion: '0.2.7', image: 'big' }),
  protocolCase('one-request-in-flight', 'sends one request at a time, waiting for each reply', 'the proxy answers in order one at a time; replies carry no request id to match them by', p.oneRequestInFlight, [a.sentRequests(2)]),
  protocolCase('requests-within-32k', 'keeps every request within 32 KiB', 'skopeo reads requests into a 32 KiB buffer and silently cuts longer ones', p.requestsWithin32KiB, [a.sentRequests(1)]),
  protocolCase('ids-sent-back-as-given', 'sends back only the image ids and pipe ids the proxy gave', 'ids are the proxy\'s; a made-up id fails or, worse, names another image', p.idsSentBackAsGiven, [a.openedImage]),
  protocolCase('closes-every-image', 'closes every image it opened with CloseImage', 'an open image holds its source (and temp files) in the proxy until the session ends', p.closesEveryImage, [a.openedImage], { level: 'SHOULD' }),
  protocolCase('ends-session-and-waits', 'ends the session with Shutdown or EOF and waits for the proxy to exit', 'a proxy never told to stop, or never reaped, outlives the client as an orphan or a zombie', p.endsSessionAndWaits, [], { reference: 'Shutdown in specs/methods.json; the proxy exits 0 after Shutdown or EOF' }),
];
