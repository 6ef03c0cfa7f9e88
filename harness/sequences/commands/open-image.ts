// OpenImage and OpenImageOptional on an existing image, a missing tag, a missing layout or a
// malformed reference. Ids of open images must be distinct; OpenImageOptional answers 0 for a
// missing tag.
import fc from 'fast-check';
import type { ReplyExpectation, Step } from '../../scenarios/types.js';
import type { SequenceCommand } from '../command.js';
import { fixtureRef, hasTags, SEQUENCE_IMAGES, type ImageAlias } from '../images.js';
import { ANY_REPLY, nextName, openImages, UNKNOWN_METHOD, useMethod, type Model } from '../model.js';

type OpenTarget = 'existing' | 'missing-tag' | 'missing-layout' | 'malformed';

const MALFORMED = ['foo:bar', '', 'justaname'] as const;
const MISSING_LAYOUT = 'oci:/nonexistent/proxy-conformance-layout:latest';

export class OpenImageCommand implements SequenceCommand {
  constructor(
    readonly optional: boolean,
    readonly target: OpenTarget,
    readonly alias: ImageAlias,
    readonly variant: number,
  ) {}

  check(): boolean {
    return true;
  }

  steps(model: Model): Step[] {
    const call = this.optional ? 'OpenImageOptional' : 'OpenImage';
    const args = [this.reference()];
    if (!model.initialized) return [{ call, args, expect: { success: false } }];
    if (this.optional && !useMethod(model, call)) return [{ call, args, expect: UNKNOWN_METHOD }];
    if (this.target !== 'existing') return [{ call, args, expect: this.refusal() }];
    const name = nextName(model, 'img');
    const others = openImages(model).map((i) => `\${${i.name}}`);
    // Ids are opaque; open images must not share one, and OpenImageOptional's 0 means "not found".
    const value = this.optional ? { $notIn: [0, ...others] } : others.length > 0 ? { $notIn: others } : { $positive: true };
    model.images.push({ name, alias: this.alias, open: true });
    return [{ call, args, as: name, expect: { value } }];
  }

  private reference(): string {
    if (this.target === 'existing') return fixtureRef(this.alias, 'reference');
    if (this.target === 'missing-tag' && hasTags(this.alias)) return fixtureRef(this.alias, 'missingTag');
    if (this.target !== 'malformed') return MISSING_LAYOUT;
    return MALFORMED[this.variant % MALFORMED.length] as string;
  }

  private refusal(): ReplyExpectation {
    if (!this.optional || this.target === 'malformed') return { success: false };
    // The sentinel 0 is the protocol's answer for a missing tag; a missing layout is only SHOULD.
    return this.target === 'missing-tag' && hasTags(this.alias) ? { value: 0 } : ANY_REPLY;
  }

  toString(): string {
    const target = this.target === 'missing-tag' && !hasTags(this.alias) ? 'missing-layout' : this.target;
    const what = target === 'malformed' ? `malformed ${JSON.stringify(this.reference())}` : target === 'missing-layout' ? target : `${this.alias} ${target}`;
    return `${this.optional ? 'OpenImageOptional' : 'OpenImage'}(${what})`;
  }
}

/** Existing images are the common case; `simple` most of all, the 4 MiB `big` image often enough. */
function imageAliasArbitrary(): fc.Arbitrary<ImageAlias> {
  const weights: Record<ImageAlias, number> = { simple: 6, big: 2, corrupt: 1, missingBlob: 1, schema2: 1, dir: 1, index: 1 };
  return fc.oneof(...SEQUENCE_IMAGES.map((alias) => ({ weight: weights[alias], arbitrary: fc.constant(alias) })));
}

export function openImageArbitrary(): fc.Arbitrary<SequenceCommand> {
  const target = fc.oneof(
    { weight: 6, arbitrary: fc.constant<OpenTarget>('existing') },
    { weight: 1, arbitrary: fc.constantFrom<OpenTarget>('missing-tag', 'missing-layout', 'malformed') },
  );
  const optional = fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });
  return fc
    .tuple(optional, target, imageAliasArbitrary(), fc.nat(2))
    .map(([opt, t, alias, variant]) => new OpenImageCommand(opt, t, alias, variant));
}
