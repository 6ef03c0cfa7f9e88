// One run of the client under test for one case: a temp dir with the `skopeo` stand-in, the
// connect-back socket and an empty PC_OUT; the client started with them in its environment; every
// session it starts served and recorded; the client given until its deadline, then killed. Every
// process of the client's group is reaped and the temp dir removed, whatever happened.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAbortError } from '../../errors.js';
import { makeOwnedTempDir } from '../../files/owned-temp-dir.js';
import { groupActivityProbe } from '../../launch/group-activity.js';
import { SpawnedProcess, type TeardownTimeouts } from '../../launch/process.js';
import { Transcript } from '../../protocol/transcript.js';
import { makeIdleDeadline } from '../../transport/idle-deadline.js';
import { Progress } from '../../transport/progress.js';
import { ConnectBackListener } from './connect-back.js';
import type { ClientObservation, ObservedSession } from './observation.js';
import { readClientOutput } from './output-dir.js';
import { describePending } from './pending.js';
import { serveClientSession, type ServerProfile } from './serve-client-session.js';
import { writeShimExecutable } from './shim-dir.js';
import { SHIM_PROTOCOL_ENV, SHIM_SOCKET_ENV, SHIM_VERSION_ENV } from './shim-protocol.js';
import { skopeoReleaseFor } from './skopeo-release.js';

export interface ClientCommand {
  executable: string;
  args: readonly string[];
}

export interface ClientRunInput {
  command: ClientCommand;
  caseId: string;
  /** The reference the client fetches (PC_IMAGE; PC_LIST_IMAGE too, for a client that reads a second image). */
  image: string;
  /** A reference to the same layout under a tag it lacks (PC_MISSING_IMAGE), for a client that checks a miss. */
  missingImage: string;
  profile: ServerProfile;
  /**
   * How long the client may run with nothing moving (no request, no pipe byte, no upstream request)
   * before it is a hang; before its first session, time its processes spend at work does not count.
   */
  deadlineMs: number;
  /** How long it may run while it keeps progressing (default: deadlineMs, a fixed deadline). */
  allowanceMs?: number;
  /** What moved in the run: the sessions report to it, and so may the case's upstream. */
  progress?: Progress;
  teardown: TeardownTimeouts;
  signal: AbortSignal;
}

/** How long sessions may take to end on their own once the client has exited (EOF reaches them). */
const SESSION_GRACE_MS = 2000;

export async function runClient(input: ClientRunInput, transcript: Transcript = new Transcript()): Promise<ClientObservation> {
  const started = performance.now();
  const temp = await makeOwnedTempDir('pc-client-');
  const dir = temp.path;
  const listener = ConnectBackListener.open(dir);
  const sessions: ObservedSession[] = [];
  const serving: Array<Promise<void>> = [];
  const stopSessions = new AbortController();
  const stopAccepting = new AbortController();
  const notes: string[] = [];
  let client: SpawnedProcess | undefined;
  const progress = input.progress ?? new Progress();
  try {
    const shim = await writeShimExecutable(dir);
    const out = path.join(dir, 'out');
    await mkdir(out);
    client = SpawnedProcess.spawn(
      { executable: input.command.executable, args: input.command.args, env: clientEnv(input, dir, shim, out, listener.path), fds: new Map(), name: 'client', deathSignal: 'SIGKILL' },
      { exited: (status) => transcript.add({ event: 'exit', ...status }), note: (text) => transcript.note(text) },
    );
    const sessionSignal = AbortSignal.any([input.signal, stopSessions.signal]);
    const accepting = (async () => {
      for (;;) {
        const connection = await listener.accept(AbortSignal.any([input.signal, stopAccepting.signal]));
        serving.push(
          serveClientSession(connection, input.profile, sessionSignal, transcript, sessions, progress).catch((error: unknown) => {
            if (!isAbortError(error)) notes.push(`serving a session failed: ${(error as Error).message}`);
          }),
        );
      }
    })().catch(() => {});
    const allowanceMs = Math.max(input.deadlineMs, input.allowanceMs ?? input.deadlineMs);
    // Until its first session, a client whose processes are still busy starting is not silent.
    const groupRan = groupActivityProbe(client.pid);
    const working = () => serving.length === 0 && groupRan();
    const deadline = makeIdleDeadline(input.signal, { idleMs: input.deadlineMs, allowanceMs, progress, working });
    let exit;
    try {
      // The idle deadline's signal ends the wait; the wait's own bound is only a backstop past it.
      exit = await client.waitForExit(2 * allowanceMs, deadline.signal);
    } finally {
      deadline.clear();
    }
    const deadlineEnd = deadline.ended();
    const ranMs = performance.now() - started;
    const pending = exit === null ? describePending(sessions) : null;
    if (exit === null && !input.signal.aborted) transcript.add({ event: 'timeout', waitedMs: Math.round(ranMs), pending: pending ?? 'the client' });
    // After an interrupt nothing judges the client any more: SIGTERM at once, not after the exit wait.
    if (exit === null) await client.stop(input.signal.aborted ? { ...input.teardown, exitMs: 0 } : input.teardown, () => {});
    // A stand-in the client left behind is still waiting for its session to end: let EOF end it.
    await Promise.race([Promise.all(serving), sleep(SESSION_GRACE_MS, undefined, { ref: false })]);
    stopAccepting.abort();
    stopSessions.abort();
    await accepting;
    await Promise.all(serving);
    const output = await readClientOutput(out);
    return { exit, ranMs, deadlineMs: input.deadlineMs, stderrTail: client.outputTail(), sessions, output, notes, pending, ...(deadlineEnd !== null ? { deadlineEnd } : {}) };
  } finally {
    stopAccepting.abort();
    stopSessions.abort();
    // Sweeps the client's whole process group: children it forked and stand-ins it left.
    if (client !== undefined) await client.stop(input.teardown, () => {});
    await Promise.allSettled(serving);
    listener.close();
    await temp.remove();
  }
}

function clientEnv(input: ClientRunInput, dir: string, shim: string, out: string, socketPath: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  return {
    ...env,
    PATH: `${dir}${path.delimiter}${process.env.PATH ?? ''}`,
    PC_PROXY: shim,
    PC_IMAGE: input.image,
    PC_LIST_IMAGE: input.image,
    PC_MISSING_IMAGE: input.missingImage,
    PC_OUT: out,
    PC_CASE: input.caseId,
    // A hint for clients whose waits are configurable: well inside the harness's own deadline.
    PC_CLIENT_TIMEOUT: String(Math.max(1, Math.floor(input.deadlineMs / 5000))),
    [SHIM_SOCKET_ENV]: socketPath,
    [SHIM_PROTOCOL_ENV]: input.profile.protocolVersion,
    [SHIM_VERSION_ENV]: skopeoReleaseFor(input.profile.protocolVersion),
  };
}
