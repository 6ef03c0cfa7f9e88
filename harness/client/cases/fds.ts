// The client's fd table, read at each request and as the session ends: pipe read ends released once
// finished with, and the proxy's end of the socketpair not kept.
import { clientCase, type ClientCase } from '../client-case.js';
import { closesProxySocketEnd, releasesPipeReadEnds } from '../judges/fds.js';
import { receivedPipe, startedProxy } from '../applicability.js';

const REF = 'the proxy passes read ends with SCM_RIGHTS: each is the client\'s to close (after FinishPipe, or after EOF on both GetRawBlob pipes)';

export const FD_CASES: ClientCase[] = [
  clientCase({ id: 'client/fds/pipe-read-ends-released', title: 'closes every pipe read end once done with it (at 0.2.8: payload pipes and GetRawBlob\'s data and error pipes)', why: 'a long-lived client that leaks an fd per blob runs out of fds', level: 'MUST', reference: REF, tags: ['fds'], profile: {}, appliesWhen: [startedProxy, receivedPipe()], judges: [releasesPipeReadEnds] }),
  clientCase({ id: 'client/fds/pipe-read-ends-released-get-blob', title: 'closes every pipe read end after its FinishPipe (at 0.2.7: GetManifest, GetBlob and other payload pipes)', why: 'a long-lived client that leaks an fd per blob runs out of fds', level: 'MUST', reference: REF, tags: ['fds'], profile: { protocolVersion: '0.2.7' }, appliesWhen: [startedProxy, receivedPipe()], judges: [releasesPipeReadEnds] }),
  clientCase({ id: 'client/fds/proxy-socket-end-closed', title: 'closes its copy of the proxy\'s end of the socketpair', why: 'while the client holds the proxy\'s end, a dead proxy never shows as EOF and the client waits forever', level: 'MUST', reference: 'socketpair(2): EOF reaches one end only when every copy of the other is closed', tags: ['fds'], profile: {}, appliesWhen: [startedProxy], judges: [closesProxySocketEnd] }),
];
