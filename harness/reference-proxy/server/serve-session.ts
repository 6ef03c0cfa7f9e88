// One proxy session on a socket, as skopeo 1.20.0's experimental-image-proxy serves it: one request
// at a time from a 32 KiB receive buffer (longer packets silently cut, fds sent with a request
// dropped by the kernel), one reply per request with its fds; the session ends on Shutdown (no
// reply), on EOF and on a zero-length packet; a reply that cannot be sent is fatal.
import { HarnessError } from '../../errors.js';
import * as native from '../../native.js';
import { PacketSocket } from '../../transport/packet-socket.js';
import { dispatch, type Outcome } from './dispatch.js';
import { fatalLine } from './fatal-line.js';
import { Faults, type FaultName } from '../faults.js';
import type { SessionEnd, SessionObserver } from '../session/observer.js';
import { wantedPlatforms, type PlatformOverrides } from '../image/platform.js';
import { PolicyGate } from '../policy/policy-gate.js';
import type { PolicySetting } from '../policy/policy-setting.js';
import { makeProtocolProfile } from '../session/protocol-profile.js';
import { errnoText, ProxyError } from '../proxy-error.js';
import { ReplyEncoder, type EncodedReply } from '../session/reply-encoder.js';
import { decodeRequest, type Request } from '../session/request.js';
import { SessionState } from '../session/session-state.js';
import { credentialsError, DEFAULT_REGISTRY_IDLE_TIMEOUT_MS, type CredentialFlags } from '../image/system-context.js';

/** skopeo's maxMsgSize: the receive buffer, and so the longest request it reads whole. */
export const MAX_REQUEST_BYTES = 32 * 1024;

/** How to serve one session. */
export interface SessionOptions {
  /** Deliberate deviations to switch on (see FAULTS). */
  faults?: Iterable<FaultName>;
  /** The protocol version to speak, 0.2.1 to 0.2.8 (default 0.2.8). */
  protocolVersion?: string;
  /** The platform an index is resolved to, instead of the host's (skopeo's --override-arch/os/variant). */
  platform?: PlatformOverrides;
  /** The signature policy OpenImage(Optional) enforce from 0.2.6, as skopeo's --policy/--insecure-policy set it (default: skopeo's default locations). */
  policy?: PolicySetting;
  /** Ends the session from outside: every fd is closed and the end is `aborted`, exit code 1. */
  signal?: AbortSignal;
  /** Where the proxy's stderr text goes (panics, fatal lines); dropped when absent. */
  stderr?: (text: string) => void;
  /** Receives the session's transcript, event by event. */
  observer?: SessionObserver;
  /** false: docker:// may use https without certificate checks, then plain http (skopeo's --tls-verify=false). */
  tlsVerify?: boolean;
  /** How long a registry read may wait for bytes before failing as retryable (default 30 s). */
  registryIdleTimeoutMs?: number;
  /** skopeo's credential options: a conflict among them fails every Initialize (default: none given). */
  credentials?: CredentialFlags;
}

class SendFailed extends Error {}

/** Alive but deaf for good: rejects only when the session is aborted. */
function untilAborted(signal: AbortSignal | undefined): Promise<never> {
  return new Promise<never>((_, reject) => signal?.addEventListener('abort', () => reject(signal?.reason), { once: true }));
}

/**
 * Serves the protocol on the SOCK_SEQPACKET socket `fd` until the session ends, in this process.
 * The socket is the session's from the call on: it, every pipe and every image the session opened
 * are closed when the returned promise settles, also when it rejects. Rejects with a PC_USAGE
 * HarnessError, before a request is read, for a protocol version the proxy cannot speak or a
 * registry timeout that is not positive.
 */
export async function serveSession(fd: number, options: SessionOptions = {}): Promise<SessionEnd> {
  let socket: PacketSocket;
  try {
    socket = new PacketSocket(fd);
  } catch (error) {
    native.close(fd);
    throw error;
  }
  try {
    return await serveOn(socket, options);
  } finally {
    socket.close();
  }
}

async function serveOn(socket: PacketSocket, options: SessionOptions): Promise<SessionEnd> {
  const profile = makeProtocolProfile(options.protocolVersion);
  const idleMs = options.registryIdleTimeoutMs ?? DEFAULT_REGISTRY_IDLE_TIMEOUT_MS;
  if (!Number.isSafeInteger(idleMs) || idleMs <= 0) throw new HarnessError('PC_USAGE', `registryIdleTimeoutMs must be a positive whole number of milliseconds, not ${String(idleMs)}`);
  const faults = new Faults(options.faults);
  const notify: SessionObserver = options.observer ?? (() => {});
  const stderr = options.stderr ?? (() => {});
  const { signal } = options;
  const policy = profile.checksPolicy ? new PolicyGate(options.policy ?? { kind: 'default' }, faults) : null;
  const state = new SessionState(faults, wantedPlatforms(options.platform), profile, notify, policy, {
    tlsVerify: options.tlsVerify ?? true,
    registryIdleTimeoutMs: idleMs,
  });
  state.systemContextError = options.credentials ? credentialsError(options.credentials) : null;
  const replies = new ReplyEncoder(faults, profile.replyHasErrorCode);
  const buffer = Buffer.alloc(MAX_REQUEST_BYTES);
  const eofExit = faults.has('eof-exit-1') ? 1 : 0;
  let deafened = false;
  /** A fault's crash ended the session: what the loop meets after it is nobody's to report. */
  let crashedAway = false;

  const send = async (reply: EncodedReply, fds: number[]): Promise<void> => {
    try {
      await socket.send(reply.raw, fds, signal);
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new SendFailed(errnoText(error));
    }
    notify({ type: 'reply', raw: reply.raw, envelope: reply.envelope, fds });
  };

  const noteRequest = (data: Buffer, size: number, request: Request | null, error: string | null): void => {
    if (options.observer) notify({ type: 'request', raw: Buffer.from(data), size, request, error });
  };

  const handle = async (data: Buffer, size: number): Promise<Outcome> => {
    let request: Request;
    try {
      request = decodeRequest(data, { caseSensitiveKeys: faults.has('case-sensitive-keys') });
    } catch (error) {
      if (!(error instanceof ProxyError)) throw error;
      noteRequest(data, size, null, error.message);
      return { kind: 'error', error };
    }
    noteRequest(data, size, request, null);
    if (faults.has('no-reply-to-blob') && (request.method === 'GetBlob' || request.method === 'GetRawBlob') && !deafened) {
      deafened = true;
      await untilAborted(signal);
    }
    try {
      return await dispatch(state, request.method, request.args);
    } catch (error) {
      // A bug here (or an error no handler words) is answered, and shown, rather than fatal.
      stderr(`reference-proxy: internal error: ${(error as Error).stack ?? String(error)}\n`);
      return { kind: 'error', error: new ProxyError(`internal error: ${(error as Error).message}`) };
    }
  };

  const loop = async (): Promise<SessionEnd> => {
    for (;;) {
      let packet: native.Packet | null;
      try {
        // No room for fds: any sent with a request are discarded, as with Go's ReadFrom.
        packet = native.recvmsg(socket.fd, buffer, 0);
      } catch (error) {
        if (crashedAway) return { reason: 'crash', exitCode: 2 };
        if (faults.has('read-error-exit-0')) return { reason: 'eof', exitCode: 0 };
        stderr(fatalLine(`reading socket: read unixpacket @: recvfrom: ${errnoText(error)}`));
        return { reason: 'receive-failed', exitCode: 1 };
      }
      if (packet === null) {
        await socket.waitUntilReadable(signal);
        continue;
      }
      if (packet.size === 0) {
        // Go reads a zero-length packet as EOF. The fault answers it instead, unless the peer is gone.
        if (!faults.has('zero-length-packet-replies')) return { reason: 'eof', exitCode: eofExit };
        const error = new ProxyError('invalid request: unexpected end of JSON input');
        noteRequest(packet.data, 0, null, error.message);
        try {
          await send(replies.failure(error), []);
        } catch (failure) {
          if (failure instanceof SendFailed) return { reason: 'eof', exitCode: eofExit };
          throw failure;
        }
        continue;
      }
      let outcome: Outcome;
      if (packet.size > MAX_REQUEST_BYTES && faults.has('hang-on-oversized-request')) {
        noteRequest(packet.data, packet.size, null, null);
        await untilAborted(signal);
      }
      if (packet.size > MAX_REQUEST_BYTES && faults.has('oversized-request-rejected')) {
        const error = new ProxyError(`invalid request: ${packet.size} bytes exceed the ${MAX_REQUEST_BYTES}-byte limit`);
        noteRequest(packet.data, packet.size, null, error.message);
        outcome = { kind: 'error', error };
      } else {
        outcome = await handle(packet.data, packet.size);
      }
      if (outcome.kind === 'crash') {
        stderr(outcome.stderr);
        return { reason: 'crash', exitCode: outcome.exitCode };
      }
      if (outcome.kind === 'terminate') {
        if (outcome.reply) await send(replies.success(null, 0), []);
        return { reason: 'shutdown', exitCode: outcome.exitCode };
      }
      const [reply, fds, pipeid] =
        outcome.kind === 'error'
          ? [replies.failure(outcome.error), [] as number[], 0]
          : [replies.success(outcome.result.value, outcome.result.pipeid), outcome.result.fds, outcome.result.pipeid];
      const sentFds = faults.has('pipeid-without-fd') && pipeid !== 0 ? [] : fds;
      try {
        await send(reply, sentFds);
        if (faults.has('double-reply')) await send(reply, []);
      } finally {
        // The read ends belong to the client now (or to nobody, if sending failed).
        for (const readFd of fds) native.close(readFd);
      }
    }
  };

  // Ending from outside also unblocks a handler stuck on a pipe (closing the pipes stops writers).
  const onAbort = () => void state.close();
  signal?.addEventListener('abort', onAbort, { once: true });
  // A crash a fault emulates away from any request (a pipe writer's uncaught error) ends the session
  // at once, as the process would die: whatever the loop was waiting for no longer counts.
  const crashed = new Promise<SessionEnd>((resolve) => {
    state.onCrash((text) => {
      crashedAway = true;
      stderr(text);
      resolve({ reason: 'crash', exitCode: 2 });
    });
  });
  let end: SessionEnd;
  try {
    const looping = loop();
    // After a crash the loop meets the closed socket and pipes, and its end is nobody's.
    looping.catch(() => {});
    end = await Promise.race([looping, crashed]);
  } catch (error) {
    if (error instanceof SendFailed && faults.has('send-error-exit-0')) {
      end = { reason: 'eof', exitCode: 0 };
    } else if (error instanceof SendFailed) {
      stderr(fatalLine(`writing to socket: write unixpacket @: sendmsg: ${error.message}`));
      end = { reason: 'send-failed', exitCode: 1 };
    } else if (signal?.aborted) {
      end = { reason: 'aborted', exitCode: 1 };
    } else {
      throw error;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await state.close();
    socket.close();
  }
  notify({ type: 'end', end });
  return end;
}
