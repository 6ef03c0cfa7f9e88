// GetRawBlob (0.2.8): a data pipe and an error pipe, pipe id 0, no FinishPipe.
import fc from 'fast-check';
import type { Step } from '../../scenarios/types.js';
import type { SequenceCommand } from '../command.js';
import { nextName, type Model } from '../model.js';
import { describeBlob, planRawBlob, type BlobChoice } from '../payloads.js';
import { imageCall } from './image-call.js';
import { describeTarget, imageTargetArbitrary, resolveImageTarget, type ImageTarget } from './image-target.js';
import { blobChoiceArbitrary } from './piped-call.js';

export class RawBlobCommand implements SequenceCommand {
  constructor(
    readonly target: ImageTarget,
    readonly blob: BlobChoice,
  ) {}

  check(model: Model): boolean {
    return resolveImageTarget(model, this.target) !== null;
  }

  steps(model: Model): Step[] {
    const { image, arg } = resolveImageTarget(model, this.target) ?? { image: undefined, arg: 0 };
    const alias = image?.alias ?? 'simple';
    const plan = planRawBlob(alias, model.world.facts[alias], this.blob);
    const call = { call: 'GetRawBlob', args: [arg, ...plan.rest] };
    const reached = imageCall(model, 'GetRawBlob', image);
    if (reached.refused !== undefined) return [{ ...call, expect: reached.refused }];
    if (plan.pipe === undefined) return [{ ...call, expect: plan.expect }];
    const name = nextName(model, 'r');
    model.pipes.push({ ...plan.pipe, name, method: 'GetRawBlob', image: reached.image, raw: true, orphaned: false });
    return [{ ...call, as: name, expect: { ...plan.expect, pipeid: 0 } }];
  }

  toString(): string {
    return `GetRawBlob(${describeTarget(this.target)}, ${describeBlob(this.blob)})`;
  }
}

export function rawBlobArbitrary(): fc.Arbitrary<SequenceCommand> {
  return fc.tuple(imageTargetArbitrary(), blobChoiceArbitrary()).map(([t, b]) => new RawBlobCommand(t, b));
}
