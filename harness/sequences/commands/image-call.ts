// Whether a call on an image reaches it: before Initialize, with a method newer than the
// implementation, or on a closed or unknown image, the call must fail without fds.
import type { ReplyExpectation } from '../../scenarios/types.js';
import { UNKNOWN_METHOD, useMethod, type ImageRecord, type Model } from '../model.js';

type ImageCall = { refused: ReplyExpectation; image?: undefined } | { refused?: undefined; image: ImageRecord };

/** The open image `method` reaches, or the reply it must get instead; records the method's version in the model. */
export function imageCall(model: Model, method: string, image: ImageRecord | undefined): ImageCall {
  if (!model.initialized) return { refused: { success: false, fds: 0 } };
  if (!useMethod(model, method)) return { refused: UNKNOWN_METHOD };
  if (image === undefined || !image.open) return { refused: { success: false, fds: 0 } };
  return { image };
}
