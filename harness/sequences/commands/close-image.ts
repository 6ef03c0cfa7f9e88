// CloseImage on an open image (value null), a closed one or an unknown id (errors).
import fc from 'fast-check';
import type { Step } from '../../scenarios/types.js';
import type { SequenceCommand } from '../command.js';
import type { Model } from '../model.js';
import { describeTarget, imageTargetArbitrary, resolveImageTarget, type ImageTarget } from './image-target.js';

class CloseImageCommand implements SequenceCommand {
  constructor(readonly target: ImageTarget) {}

  check(model: Model): boolean {
    const resolved = resolveImageTarget(model, this.target);
    if (resolved === null) return false;
    // Closing an image under a live pipe is unspecified: a correct client does not.
    const image = resolved.image;
    return model.world.profile === 'adversarial' || image === undefined || !model.pipes.some((p) => p.image === image);
  }

  steps(model: Model): Step[] {
    const { image, arg } = resolveImageTarget(model, this.target) ?? { image: undefined, arg: 0 };
    const call = { call: 'CloseImage', args: [arg] };
    if (!model.initialized || image === undefined || !image.open) return [{ ...call, expect: { success: false } }];
    image.open = false;
    for (const pipe of model.pipes) if (pipe.image === image) pipe.orphaned = true;
    return [{ ...call, expect: { value: null } }];
  }

  toString(): string {
    return `CloseImage(${describeTarget(this.target)})`;
  }
}

export function closeImageArbitrary(): fc.Arbitrary<SequenceCommand> {
  return imageTargetArbitrary().map((t) => new CloseImageCommand(t));
}
