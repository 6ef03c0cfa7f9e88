// What a correct proxy sends for each piped call on each sequence image: the call's arguments, its
// reply, and the pipe's size, golden content and FinishPipe outcome. The same rules the scripted
// cases state one by one (metadata.json, getblob.json, rawblob.json), as functions of the image.
import type { ReplyExpectation, Template } from '../scenarios/types.js';
import { loadSpecs } from '../specs/index.js';
import { brokenLayer, fixtureRef, isIndex, isOci, type ImageAlias, type ImageSizes } from './images.js';
import type { PipePlan } from './model.js';

/** The methods planPipedCall plans; a test keeps them equal to the method table's `pipe` methods. */
export type PipedMethod = 'GetManifest' | 'GetConfig' | 'GetFullConfig' | 'GetLayerInfoPiped' | 'GetBlob';

/** The methods whose reply passes one pipe, in method-table order. */
export function pipedMethods(): PipedMethod[] {
  return loadSpecs()
    .methods.filter((m) => m.returns === 'pipe')
    .map((m) => m.name as PipedMethod);
}

/** Which blob GetBlob (or GetRawBlob) asks for, and how the request is spoiled. */
export type BlobChoice =
  | { kind: 'layer'; layer: number }
  | { kind: 'config' }
  | { kind: 'wrong-size'; layer: number; size: 'plus-one' | 'minus-one' | 'zero' }
  | { kind: 'bad-digest'; which: number };

/** Digests that are malformed or name no blob: every one must be refused in the reply. */
const BAD_DIGESTS = (alias: ImageAlias): Template[] => [
  'sha256:xyz',
  'md5:d41d8cd98f00b204e9800998ecf8427e',
  { $upper: fixtureRef(alias, 'layers.0.digest') },
  { $repeat: ['0', 64] },
  `sha256:${'0'.repeat(64)}`,
  '',
];

/** JSON payloads are re-serialised by the proxy: their exact size is not fixed, only a floor. */
const JSON_PAYLOAD_FLOOR = 32;

interface PipedPlan {
  /** Arguments after the image id. */
  rest: Template[];
  expect: ReplyExpectation;
  /** The pipe a success hands over; absent when the call must fail. */
  pipe?: PipePlan;
}

export function planPipedCall(method: PipedMethod, alias: ImageAlias, sizes: ImageSizes, blob: BlobChoice): PipedPlan {
  const ref = (path: string) => fixtureRef(alias, path);
  switch (method) {
    case 'GetManifest':
      return {
        rest: [],
        expect: isIndex(alias) ? { fds: 1 } : { value: ref('manifest.digest'), fds: 1 },
        pipe: { size: sizes.manifest, golden: { bytes: ref('manifest.bytes') }, finishOk: true },
      };
    case 'GetConfig':
      // Only the config member; for a converted schema2 image its exact form is not pinned down.
      return {
        rest: [],
        expect: { value: null, fds: 1 },
        pipe: { size: JSON_PAYLOAD_FLOOR, ...(isOci(alias) ? { golden: { json: ref('config.member') } } : {}), finishOk: true },
      };
    case 'GetFullConfig':
      return { rest: [], expect: { value: null, fds: 1 }, pipe: { size: JSON_PAYLOAD_FLOOR, golden: { json: ref('config.json') }, finishOk: true } };
    case 'GetLayerInfoPiped':
      // Source media types: Docker types for schema2, next to the converted OCI manifest.
      return { rest: [], expect: { value: null, fds: 1 }, pipe: { size: JSON_PAYLOAD_FLOOR, golden: { json: ref('layerInfo') }, finishOk: true } };
    case 'GetBlob':
      return planBlob(alias, sizes, blob);
  }
}

function planBlob(alias: ImageAlias, sizes: ImageSizes, blob: BlobChoice): PipedPlan {
  const ref = (path: string) => fixtureRef(alias, path);
  if (blob.kind === 'bad-digest') {
    const digests = BAD_DIGESTS(alias);
    return { rest: [digests[blob.which % digests.length], ref('layers.0.size')], expect: { success: false, fds: 0 } };
  }
  if (blob.kind === 'config') {
    return {
      rest: [ref('config.digest'), ref('config.size')],
      expect: { value: ref('config.size'), fds: 1 },
      pipe: { size: sizes.config, golden: { sha256: ref('config.digest'), size: ref('config.size') }, finishOk: true },
    };
  }
  const layer = blob.layer % sizes.layers.length;
  const size = sizes.layers[layer] as number;
  const digest = ref(`layers.${layer}.digest`);
  const sizeRef = ref(`layers.${layer}.size`);
  const broken = brokenLayer(alias);
  const isBroken = broken !== undefined && broken.index === layer;
  if (isBroken && broken.kind === 'missing') {
    return { rest: [digest, sizeRef], expect: { success: false, fds: 0 } };
  }
  if (blob.kind === 'wrong-size') {
    const wrong = blob.size === 'zero' ? 0 : { $add: [sizeRef, blob.size === 'plus-one' ? 1 : -1] };
    // The size is checked while streaming: the call succeeds and FinishPipe reports the mismatch.
    return { rest: [digest, wrong], expect: { fds: 1 }, pipe: { size, finishOk: false } };
  }
  if (isBroken) {
    // A corrupt blob is served; the digest check fails at the end, in FinishPipe's reply.
    return { rest: [digest, sizeRef], expect: { fds: 1 }, pipe: { size, finishOk: false } };
  }
  return {
    rest: [digest, sizeRef],
    expect: { value: sizeRef, fds: 1 },
    pipe: { size, golden: { sha256: digest, size: sizeRef }, finishOk: true },
  };
}

/** GetRawBlob: no size argument and no verification; a corrupt blob arrives as stored. */
export function planRawBlob(alias: ImageAlias, sizes: ImageSizes, blob: BlobChoice): PipedPlan {
  const ref = (path: string) => fixtureRef(alias, path);
  if (blob.kind === 'bad-digest') {
    const digests = BAD_DIGESTS(alias);
    return { rest: [digests[blob.which % digests.length]], expect: { success: false, fds: 0 } };
  }
  if (blob.kind === 'config') {
    return {
      rest: [ref('config.digest')],
      expect: { value: ref('config.size'), fds: 2 },
      pipe: { size: sizes.config, golden: { sha256: ref('config.digest'), size: ref('config.size') }, finishOk: true },
    };
  }
  const layer = blob.layer % sizes.layers.length;
  const size = sizes.layers[layer] as number;
  const broken = brokenLayer(alias);
  const isBroken = broken !== undefined && broken.index === layer;
  const digest = ref(`layers.${layer}.digest`);
  if (isBroken && broken.kind === 'missing') return { rest: [digest], expect: { success: false, fds: 0 } };
  // For raw pipes finishOk means an empty error pipe: GetRawBlob does not verify, so a corrupt
  // blob arrives as stored with nothing on the error pipe.
  const golden = isBroken ? { size: ref(`layers.${layer}.size`) } : { sha256: digest, size: ref(`layers.${layer}.size`) };
  return { rest: [digest], expect: { value: ref(`layers.${layer}.size`), fds: 2 }, pipe: { size, golden, finishOk: true } };
}

export function describeBlob(blob: BlobChoice): string {
  switch (blob.kind) {
    case 'layer':
      return `layer ${blob.layer}`;
    case 'config':
      return 'config blob';
    case 'wrong-size':
      return `layer ${blob.layer}, size ${blob.size}`;
    case 'bad-digest':
      return `bad digest #${blob.which}`;
  }
}
