// Which image a command addresses: an open one, a closed one (use after close), or an id no image
// has. Commands carry an index into the model's list rather than a name, so that shrinking keeps
// them meaningful when earlier commands disappear.
import fc from 'fast-check';
import { closedImages, openImages, pick, type ImageRecord, type Model } from '../model.js';

export interface ImageTarget {
  kind: 'open' | 'closed' | 'unknown';
  index: number;
}

/** An id no implementation hands out in a short session (the scripted cases use it too). */
export const UNKNOWN_IMAGE_ID = 999;

export function imageTargetArbitrary(): fc.Arbitrary<ImageTarget> {
  const kind = fc.oneof(
    { weight: 10, arbitrary: fc.constant<ImageTarget['kind']>('open') },
    { weight: 1, arbitrary: fc.constant<ImageTarget['kind']>('closed') },
    { weight: 1, arbitrary: fc.constant<ImageTarget['kind']>('unknown') },
  );
  return fc.record({ kind, index: fc.nat(7) });
}

/** The image and the id argument to send, or null when the model has no such image. */
export function resolveImageTarget(model: Model, target: ImageTarget): { image: ImageRecord | undefined; arg: unknown } | null {
  if (target.kind === 'unknown') return { image: undefined, arg: UNKNOWN_IMAGE_ID };
  const image = pick(target.kind === 'open' ? openImages(model) : closedImages(model), target.index);
  return image === undefined ? null : { image, arg: `\${${image.name}}` };
}

export function describeTarget(target: ImageTarget): string {
  return target.kind === 'unknown' ? `id ${UNKNOWN_IMAGE_ID}` : `${target.kind}#${target.index}`;
}
