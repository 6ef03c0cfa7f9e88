// What a client must have done for a case to say anything about it, read from the trace: a method
// called, a payload pipe taken, an image opened, a request sent. A case whose demand the client never
// met is n/a with the reason, never a pass: a pass means the client did the thing.
import type { Judge } from './judge.js';
import type { ClientObservation, ObservedRequest, ObservedSession } from './stand-in/observation.js';

export interface Requirement {
  /** Said when the requirement is not met: `the client never called GetLayerInfo`. */
  unmet: string;
  met(observation: ClientObservation): boolean;
}

/** The requests of every session the stand-in served (a refused command line has none). */
function requests(o: ClientObservation): ObservedRequest[] {
  return o.sessions.flatMap((s) => s.requests);
}

/** The client started the proxy and the stand-in served it. */
export const startedProxy: Requirement = {
  unmet: 'the client never started the proxy (no `skopeo experimental-image-proxy` reached the stand-in)',
  met: (o) => o.sessions.some((s) => s.hello.refused === null),
};

/** The client sent at least `count` requests in one session. */
export function sentRequests(count: number): Requirement {
  return {
    unmet: count === 1 ? 'the client sent the proxy no request' : `the client never sent ${count} requests in one session`,
    met: (o) => o.sessions.some((s) => s.arrived.length >= count || s.requests.length >= count),
  };
}

/** The client called one of `methods`. */
export function called(...methods: string[]): Requirement {
  return {
    unmet: `the client never called ${methods.join(' or ')}`,
    met: (o) => requests(o).some((r) => r.method !== null && methods.includes(r.method)),
  };
}

/** The client called one of `methods`, through which the case's fault reaches a client. */
export function reached(...methods: string[]): Requirement {
  return { ...called(...methods), unmet: `the client never called ${methods.join(' or ')}, so the fault never reached it` };
}

/** An OpenImage (or OpenImageOptional) succeeded with an image. */
export const openedImage: Requirement = {
  unmet: 'the client never opened an image (no OpenImage succeeded)',
  met: (o) => requests(o).some((r) => (r.method === 'OpenImage' || r.method === 'OpenImageOptional') && r.reply?.success === true && Number(r.reply.value) !== 0),
};

/** The proxy passed the client a pipe (of `methods`, when given). */
export function receivedPipe(...methods: string[]): Requirement {
  return {
    unmet: methods.length === 0 ? 'the proxy never passed the client a pipe (it called no method that replies with one)' : `the proxy never passed the client a ${methods.join(' or ')} pipe`,
    met: (o) => o.sessions.some((s) => s.pipes.some((p) => methods.length === 0 || methods.includes(p.method))),
  };
}

/** The Linux pipe buffer: a payload larger than this blocks its writer until the client reads. */
const PIPE_BUFFER_BYTES = 64 * 1024;

/**
 * The client sent FinishPipe for a GetBlob payload larger than a pipe buffer: only then does the
 * order of reading and FinishPipe matter (a smaller payload fits in the pipe, and any order works).
 */
export const finishedLargePayload: Requirement = {
  unmet: `the client never sent FinishPipe for a GetBlob payload larger than a pipe buffer (${PIPE_BUFFER_BYTES / 1024} KiB), so its reading order could not deadlock`,
  met: (o) => o.sessions.some((s) => s.requests.some((r) => r.method === 'FinishPipe' && largeGetBlobPipe(s, Number(r.args[0]), r.seq))),
};

function largeGetBlobPipe(s: ObservedSession, pipeid: number, before: number): boolean {
  const opening = [...s.requests].reverse().find((r) => r.seq < before && r.method === 'GetBlob' && r.reply?.pipeid === pipeid);
  return opening !== undefined && Math.max(Number(opening.args[2]), Number(opening.reply?.value)) > PIPE_BUFFER_BYTES;
}

/** The first requirement the client did not meet, or null when it met them all. */
export function unmetRequirement(requirements: readonly Requirement[], o: ClientObservation): string | null {
  return requirements.find((r) => !r.met(o))?.unmet ?? null;
}

/**
 * A judge that is n/a when `requirement` is not met: for a case where doing nothing at all is a
 * failure its other judges give (a clean fetch), and the worst verdict wins over this n/a.
 */
export function naUnless(requirement: Requirement): Judge {
  return ({ observation }) => (requirement.met(observation) ? null : { status: 'not-applicable', reason: requirement.unmet });
}
