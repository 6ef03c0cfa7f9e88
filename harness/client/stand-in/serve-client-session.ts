// Serves one session a client's `skopeo` stand-in handed over, with the reference proxy in the case's
// server profile, and records it for the judges: every request with the client's fd table at that
// moment, every reply, every pipe by the open file the client holds, and how the session ended.
import type { Transcript } from '../../protocol/transcript.js';
import { serveSession, type FaultName, type SessionEvent } from '../../reference-proxy/index.js';
import type { ShimConnection } from './connect-back.js';
import { snapshotFds, targetOfOwnFd } from '../../transport/fd-inspect.js';
import type { Progress } from '../../transport/progress.js';
import type { ObservedPipe, ObservedRequest, ObservedSession } from './observation.js';
import { sessionFlagsOf } from './session-flags.js';
import { SessionRelay } from './session-relay.js';

/** The proxy a case serves: a protocol version and the faults it misbehaves with. */
export interface ServerProfile {
  protocolVersion: string;
  faults: readonly FaultName[];
  /**
   * Set by the role for a registry case: the run's registry speaks plain HTTP on loopback, which a
   * client cannot know, and a stall fails after this idle timeout, well inside the client's deadline.
   */
  registry?: { idleTimeoutMs: number };
}

/** How long the stand-in has to say whether it was orphaned once told to exit. */
const BYE_TIMEOUT_MS = 2000;

/**
 * Serves `connection`'s session; its record is pushed onto `into` at once, so that it can be read while live.
 * The client's requests and the bytes it takes from pipes are reported to `progress` (its deadline's).
 */
export async function serveClientSession(connection: ShimConnection, profile: ServerProfile, signal: AbortSignal, transcript: Transcript, into: ObservedSession[], progress?: Progress): Promise<void> {
  const session: ObservedSession = {
    hello: connection.hello,
    proxySocketTarget: null,
    requests: [],
    pipes: [],
    end: null,
    endSeq: null,
    endFds: null,
    overlapping: [],
    arrived: [],
    relayFailures: [],
    orphaned: null,
  };
  into.push(session);
  const clientPid = connection.hello.ppid;
  transcript.note(`stand-in pid ${connection.hello.pid} (client pid ${clientPid}) started: skopeo ${connection.hello.argv.join(' ')}`);
  if (connection.protocolFd === null) {
    transcript.note(connection.hello.refused !== null ? `the stand-in refused the command line: ${connection.hello.refused}` : 'the stand-in handed over no socket');
    connection.close();
    return;
  }
  session.proxySocketTarget = targetOfOwnFd(connection.protocolFd);
  const relay = new SessionRelay(connection.protocolFd, signal);
  // Live views: what arrived and what could not be passed on are read while the session runs.
  session.arrived = relay.arrived;
  session.relayFailures = relay.failures;
  let seq = 0;
  const record = (event: SessionEvent): void => {
    seq++;
    switch (event.type) {
      case 'request': {
        // The proxy saw at most what the relay passed on; the client sent what arrived at the relay.
        const size = relay.arrived[session.requests.length]?.size ?? event.size;
        const request: ObservedRequest = {
          seq,
          method: event.request?.method ?? null,
          args: event.request?.args ?? [],
          size,
          fds: snapshotFds(clientPid),
          reply: null,
        };
        session.requests.push(request);
        transcript.recordReceive(event.raw, size, [], size > event.raw.length);
        progress?.packet();
        break;
      }
      case 'reply': {
        const e = event.envelope;
        const open = [...session.requests].reverse().find((r) => r.reply === null);
        if (open) open.reply = { success: e.success, value: e.value, pipeid: e.pipeid, errorCode: e.error_code ?? null, error: e.error, fds: event.fds.length };
        transcript.recordSend(event.raw, event.fds.length);
        break;
      }
      case 'pipe-opened':
        session.pipes.push(newPipe(event.method, event.role, event.pipeid, targetOfOwnFd(event.readFd), event.writeFd, seq));
        break;
      case 'pipe-finished': {
        const pipe = session.pipes.find((p) => p.pipeid === event.pipeid && p.finishedSeq === null);
        if (pipe) pipe.finishedSeq = seq;
        break;
      }
      case 'pipe-written':
        progress?.pipeBytes(event.bytes);
        break;
      case 'pipe-write-error': {
        const pipe = openByWriteFd(session.pipes, event.writeFd);
        if (pipe) pipe.writeError = event.error.message;
        transcript.note(`a pipe write failed: ${event.error.message}`);
        break;
      }
      case 'pipe-closed': {
        const pipe = openByWriteFd(session.pipes, event.writeFd);
        if (pipe) pipe.closedSeq = seq;
        break;
      }
      case 'end':
        session.end = event.end;
        session.endSeq = seq;
        session.endFds = snapshotFds(clientPid);
        transcript.note(`the session ended: ${event.end.reason} (the stand-in exits ${event.end.exitCode})`);
        break;
    }
  };
  const stderr = (text: string): void => transcript.note(`proxy stderr: ${text.trimEnd()}`);
  try {
    // The client's own --policy/--insecure-policy and platform flags reach the session, as they would reach skopeo.
    const { policy, platform, tlsVerify } = sessionFlagsOf(connection.hello.argv);
    const registry = profile.registry !== undefined ? { tlsVerify: false, registryIdleTimeoutMs: profile.registry.idleTimeoutMs } : { tlsVerify };
    const end = await serveSession(relay.proxyFd, { protocolVersion: profile.protocolVersion, faults: profile.faults, observer: record, signal, stderr, policy, platform, ...registry });
    await relay.finished();
    const bye = await connection.finish(end.exitCode, AbortSignal.timeout(BYE_TIMEOUT_MS));
    session.orphaned = bye === null ? null : bye.ppid !== clientPid;
    transcript.note(bye === null ? 'the stand-in said no bye' : `the stand-in's parent as it exited: pid ${bye.ppid}${session.orphaned ? ' (orphaned: the client had not waited for it)' : ''}`);
  } finally {
    relay.close();
    session.overlapping = relay.overlapping;
    for (const failure of relay.failures) transcript.note(failure);
    connection.close();
  }
}

function newPipe(method: string, role: ObservedPipe['role'], pipeid: number, target: string | null, writeFd: number, seq: number): ObservedPipe {
  return { method, role, pipeid, target, writeFd, openedSeq: seq, finishedSeq: null, closedSeq: null, writeError: null };
}

/** Write fds are reused once closed: the pipe is the newest one on that fd still open. */
function openByWriteFd(pipes: ObservedPipe[], writeFd: number): ObservedPipe | undefined {
  return [...pipes].reverse().find((p) => p.writeFd === writeFd && p.closedSeq === null);
}
