// GetLayerInfo (0.2.5, inline): the layer list with source media types.
import fc from 'fast-check';
import type { Step } from '../../scenarios/types.js';
import type { SequenceCommand } from '../command.js';
import { fixtureRef } from '../images.js';
import type { Model } from '../model.js';
import { imageCall } from './image-call.js';
import { describeTarget, imageTargetArbitrary, resolveImageTarget, type ImageTarget } from './image-target.js';

class LayerInfoCommand implements SequenceCommand {
  constructor(readonly target: ImageTarget) {}

  check(model: Model): boolean {
    return resolveImageTarget(model, this.target) !== null;
  }

  steps(model: Model): Step[] {
    const { image, arg } = resolveImageTarget(model, this.target) ?? { image: undefined, arg: 0 };
    const call = { call: 'GetLayerInfo', args: [arg] };
    const reached = imageCall(model, 'GetLayerInfo', image);
    if (reached.refused !== undefined) return [{ ...call, expect: reached.refused }];
    // Source media types: Docker types for schema2, although GetManifest pipes it converted to OCI.
    return [{ ...call, expect: { value: fixtureRef(reached.image.alias, 'layerInfo'), fds: 0 } }];
  }

  toString(): string {
    return `GetLayerInfo(${describeTarget(this.target)})`;
  }
}

export function layerInfoArbitrary(): fc.Arbitrary<SequenceCommand> {
  return imageTargetArbitrary().map((t) => new LayerInfoCommand(t));
}
