// What the proxy did in a case's profile, in words for verdict messages: a proxy with no fault "did
// nothing wrong"; one with faults is named by them, so a message never calls a 503 or a retryable
// error "nothing wrong".
import { FAULTS } from '../reference-proxy/index.js';
import type { ServerProfile } from './stand-in/serve-client-session.js';

export function describeProxy(profile: ServerProfile): string {
  if (profile.faults.length === 0) return 'a proxy that did nothing wrong';
  const faults = profile.faults.map((name) => `${name} (${FAULTS.find((f) => f.name === name)?.description ?? 'a fault'})`);
  return `a proxy speaking ${profile.protocolVersion} with fault ${faults.join(' and ')}`;
}
