// The piped calls (GetManifest, GetConfig, GetFullConfig, GetLayerInfoPiped, GetBlob): on an open
// image they hand over a pipe the model tracks until a read command drains it; on a closed or
// unknown image, or with a bad digest, they must fail without fds.
import fc from 'fast-check';
import type { ReplyExpectation, Step } from '../../scenarios/types.js';
import type { SequenceCommand } from '../command.js';
import { nextName, pipesHoldingIds, type Model } from '../model.js';
import { describeBlob, pipedMethods, planPipedCall, type BlobChoice, type PipedMethod } from '../payloads.js';
import { imageCall } from './image-call.js';
import { describeTarget, imageTargetArbitrary, resolveImageTarget, type ImageTarget } from './image-target.js';

export class PipedCallCommand implements SequenceCommand {
  constructor(
    readonly method: PipedMethod,
    readonly target: ImageTarget,
    readonly blob: BlobChoice,
  ) {}

  check(model: Model): boolean {
    return resolveImageTarget(model, this.target) !== null;
  }

  steps(model: Model): Step[] {
    const { image, arg } = resolveImageTarget(model, this.target) ?? { image: undefined, arg: 0 };
    const alias = image?.alias ?? 'simple';
    const plan = planPipedCall(this.method, alias, model.world.facts[alias], this.blob);
    const call = { call: this.method, args: [arg, ...plan.rest] };
    const reached = imageCall(model, this.method, image);
    if (reached.refused !== undefined) return [{ ...call, expect: reached.refused }];
    if (plan.pipe === undefined) return [{ ...call, expect: plan.expect }];
    const name = nextName(model, 'p');
    const expect: ReplyExpectation = { ...plan.expect };
    const holding = pipesHoldingIds(model);
    // A pipe id names one live pipe: it must differ from every id FinishPipe has not released.
    if (!model.unsure && holding.length > 0) expect.pipeid = { $notIn: holding.map((p) => `\${${p.name}.pipeid}`) };
    model.pipes.push({ ...plan.pipe, name, method: this.method, image: reached.image, raw: false, orphaned: false });
    return [{ ...call, as: name, expect }];
  }

  toString(): string {
    const blob = this.method === 'GetBlob' ? `, ${describeBlob(this.blob)}` : '';
    return `${this.method}(${describeTarget(this.target)}${blob})`;
  }
}

export function blobChoiceArbitrary(): fc.Arbitrary<BlobChoice> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('layer' as const), layer: fc.nat(3) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('config' as const) }) },
    {
      weight: 2,
      arbitrary: fc.record({ kind: fc.constant('wrong-size' as const), layer: fc.nat(3), size: fc.constantFrom('plus-one' as const, 'minus-one' as const, 'zero' as const) }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('bad-digest' as const), which: fc.nat(5) }) },
  );
}

export function pipedCallArbitrary(): fc.Arbitrary<SequenceCommand> {
  const method = fc.oneof(
    { weight: 3, arbitrary: fc.constant<PipedMethod>('GetManifest') },
    { weight: 5, arbitrary: fc.constant<PipedMethod>('GetBlob') },
    { weight: 2, arbitrary: fc.constantFrom<PipedMethod>(...pipedMethods().filter((m) => m !== 'GetManifest' && m !== 'GetBlob')) },
  );
  return fc.tuple(method, imageTargetArbitrary(), blobChoiceArbitrary()).map(([m, t, b]) => new PipedCallCommand(m, t, b));
}
