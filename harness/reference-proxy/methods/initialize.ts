// Initialize: once per session, no arguments, answers the protocol version the session speaks; the
// proxy's own image options are applied (and may fail) here.
import { ProxyError } from '../proxy-error.js';
import type { GoAny } from '../session/request.js';
import type { SessionState } from '../session/session-state.js';
import { inline, type MethodResult } from './method-result.js';

export function initialize(state: SessionState, args: GoAny[]): MethodResult {
  if (args.length !== 0) throw new ProxyError('invalid request, expecting zero arguments');
  if (state.initialized && !state.faults.has('second-initialize-succeeds')) throw new ProxyError('already initialized');
  // h.opts.imageOpts.newSystemContext(): options that parse but conflict fail here, and nothing is initialized.
  if (state.systemContextError !== null && !state.faults.has('image-options-unchecked')) throw new ProxyError(state.systemContextError);
  state.initialized = true;
  return inline(state.faults.has('version-not-semver') ? '0.2' : state.profile.version);
}
