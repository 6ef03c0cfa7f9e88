// GetFullConfig, the OCI image configuration through a pipe, and the deprecated GetConfig, which a
// historical mistake made return only its `config` member.
import { configMember } from '../image/manifest.js';
import { ProxyError } from '../proxy-error.js';
import type { GoAny } from '../session/request.js';
import type { SessionState } from '../session/session-state.js';
import type { MethodResult } from './method-result.js';
import { returnBytes } from './piped-reply.js';

async function config(state: SessionState, args: GoAny[], method: 'GetConfig' | 'GetFullConfig'): Promise<MethodResult> {
  state.requireInitialized();
  if (args.length !== 1) throw new ProxyError('invalid request, expecting: [imgid]');
  const image = state.image(args[0]);
  const found = await image.ociConfig(state.platforms);
  const bytes = method === 'GetFullConfig' || state.faults.has('get-config-full') ? found.bytes : configMember(found.image);
  return returnBytes(state, method, null, bytes);
}

export function getConfig(state: SessionState, args: GoAny[]): Promise<MethodResult> {
  return config(state, args, 'GetConfig');
}

export function getFullConfig(state: SessionState, args: GoAny[]): Promise<MethodResult> {
  return config(state, args, 'GetFullConfig');
}
