// GetLayerInfo (inline, deprecated) and GetLayerInfoPiped: the layers of the resolved manifest with
// their source media types, as skopeo reports them.
import { goMarshal } from '../go/marshal.js';
import { MIME } from '../image/manifest.js';
import { ProxyError } from '../proxy-error.js';
import type { GoAny } from '../session/request.js';
import type { SessionState } from '../session/session-state.js';
import { inline, type MethodResult } from './method-result.js';
import { returnBytes } from './piped-reply.js';

async function layerInfo(state: SessionState, args: GoAny[], piped: boolean): Promise<MethodResult> {
  state.requireInitialized();
  if (args.length !== 1) throw new ProxyError(`found ${args.length} args, expecting (imgid)`);
  const image = state.image(args[0]);
  const { parsed } = await image.target(state.platforms);
  if (!parsed) throw new ProxyError('the reference proxy reads no layer info from a Docker schema1 image');
  const toOci: Record<string, string> = { [MIME.schema2Layer]: MIME.ociLayerGzip, [MIME.schema2LayerUncompressed]: MIME.ociLayer };
  const { faults } = state;
  const layers = parsed.layers.map((l) => ({
    digest: l.digest,
    size: faults.has('wrong-layer-info-size') ? l.size + 1n : l.size,
    media_type: faults.has('layer-info-oci-media-types') ? (toOci[l.mediaType] ?? l.mediaType) : l.mediaType,
  }));
  return piped ? returnBytes(state, 'GetLayerInfoPiped', null, Buffer.from(goMarshal(layers))) : inline(layers);
}

export function getLayerInfo(state: SessionState, args: GoAny[]): Promise<MethodResult> {
  return layerInfo(state, args, false);
}

export function getLayerInfoPiped(state: SessionState, args: GoAny[]): Promise<MethodResult> {
  return layerInfo(state, args, true);
}
