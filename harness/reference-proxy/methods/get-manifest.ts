// GetManifest: the manifest through a pipe, an index resolved to the wanted platform and Docker
// schema2 converted to OCI; the value is the digest of the manifest as stored.
import { sha256Of } from '../image/digest.js';
import type { OpenImage, ResolvedImage } from '../image/image.js';
import { convertSchema2ToOci, isMultiImage, manifestDigest, MIME } from '../image/manifest.js';
import { ProxyError } from '../proxy-error.js';
import type { GoAny } from '../session/request.js';
import type { SessionState } from '../session/session-state.js';
import type { MethodResult } from './method-result.js';
import { returnBytes } from './piped-reply.js';

export async function getManifest(state: SessionState, args: GoAny[]): Promise<MethodResult> {
  state.requireInitialized();
  if (args.length !== 1) throw new ProxyError('invalid request, expecting one argument');
  const image = state.image(args[0]);
  const { faults } = state;
  if (faults.has('index-not-resolved')) {
    const top = await image.source.getManifest();
    if (isMultiImage(top.mimeType)) return returnBytes(state, 'GetManifest', sha256Of(top.bytes), top.bytes);
  }
  const target = await image.target(state.platforms);
  const { bytes, mimeType } = target;
  if ((mimeType === MIME.schema1 || mimeType === MIME.schema1Signed) && faults.has('schema1-served')) return returnBytes(state, 'GetManifest', sha256Of(bytes), bytes);
  if (mimeType === MIME.schema1 || mimeType === MIME.schema1Signed) throw new ProxyError(`unsupported legacy manifest MIME type: ${mimeType}`);
  if (mimeType !== MIME.ociManifest && mimeType !== MIME.schema2 && !faults.has('unknown-manifest-type-served')) throw new ProxyError(`unsupported manifest MIME type: ${mimeType}`);
  // manifest.Digest: a body that looks like signed schema1 is digested without its signatures.
  let digest = faults.has('jws-not-stripped') ? sha256Of(bytes) : manifestDigest(bytes);
  if (faults.has('manifest-value-is-index-digest') && target.top) digest = target.top.digest;
  if (faults.has('wrong-manifest-digest')) digest = digest.slice(0, -1) + (digest.endsWith('0') ? '1' : '0');
  let payload = mimeType !== MIME.schema2 || faults.has('schema2-not-converted') ? bytes : await convert(image, target);
  if (faults.has('wrong-manifest-byte')) {
    payload = Buffer.from(payload);
    const at = payload.length >> 1;
    payload[at] = (payload[at] as number) ^ 0x01;
  }
  if (faults.has('manifest-layer-size-wrong')) {
    const json = JSON.parse(payload.toString('utf8')) as { layers?: Array<{ size: number }> };
    if (json.layers?.[0]) json.layers[0].size += 1;
    payload = Buffer.from(JSON.stringify(json));
    digest = sha256Of(payload);
  }
  return returnBytes(state, 'GetManifest', digest, payload);
}

/** Docker schema2 → OCI, with the config re-serialised as containers/image does. */
async function convert(image: OpenImage, target: ResolvedImage): Promise<Buffer> {
  const parsed = target.parsed;
  if (!parsed) throw new ProxyError('internal error: no parsed manifest to convert');
  return convertSchema2ToOci(parsed, await image.readConfigBlob(parsed.config.digest));
}
