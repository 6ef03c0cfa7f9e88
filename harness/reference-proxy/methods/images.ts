// OpenImage, OpenImageOptional (0 for an image that does not exist) and CloseImage. From 0.2.6 an
// image that exists is opened only if the signature policy lets it be used.
import { ProxyError } from '../proxy-error.js';
import { goTypeName, type GoAny } from '../session/request.js';
import type { SessionState } from '../session/session-state.js';
import { parseImageName } from '../transports/parse-image-name.js';
import { ImageNotFoundError } from '../image/source.js';
import { inline, type MethodResult } from './method-result.js';

async function open(state: SessionState, args: GoAny[], optional: boolean): Promise<MethodResult> {
  state.requireInitialized();
  if (args.length !== 1) throw new ProxyError('invalid request, expecting one argument');
  const name = args[0];
  if (typeof name !== 'string') throw new ProxyError(`expecting string imageref, not ${goTypeName(name)}`);
  const reference = await parseImageName(name);
  let source;
  try {
    source = await reference.newImageSource(state.system);
  } catch (error) {
    if (optional && error instanceof ImageNotFoundError && !state.faults.has('optional-missing-is-error')) return inline(0);
    throw error;
  }
  try {
    await state.policy?.check(reference, optional);
    // skopeo's path transports read only what finds the image; this fault reads the manifest too.
    if (state.faults.has('open-reads-manifest')) await source.getManifest();
  } catch (error) {
    await source.close();
    throw error;
  }
  return inline(await state.addImage(source));
}

export function openImage(state: SessionState, args: GoAny[]): Promise<MethodResult> {
  return open(state, args, false);
}

export function openImageOptional(state: SessionState, args: GoAny[]): Promise<MethodResult> {
  return open(state, args, true);
}

export async function closeImage(state: SessionState, args: GoAny[]): Promise<MethodResult> {
  state.requireInitialized();
  if (args.length !== 1) throw new ProxyError('invalid request, expecting one argument');
  const image = state.image(args[0]);
  if (!state.faults.has('close-image-keeps-image')) await state.removeImage(image);
  return inline(null);
}
