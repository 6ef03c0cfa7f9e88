// Generated sequences as fidelity cases: the fuzzer's own sequences (fixed seed, both profiles),
// compiled against the protocol version the real implementation answered and run against both
// implementations like any server case. Scripted cases ask what someone thought to ask; these
// reach the combinations nobody wrote down.
import fc from 'fast-check';
import type { CheckContext } from '../checks/context.js';
import type { CaseDefinition } from '../model/case.js';
import { toCheck } from '../scenarios/load.js';
import { sequenceArbitrary } from '../sequences/arbitrary.js';
import { compileSequence, toScenarioCase } from '../sequences/compile.js';
import { makeImageFacts } from '../sequences/images.js';
import { PROFILES, type Profile } from '../sequences/model.js';
import type { FidelityContext } from './fidelity-subject.js';

/** The sequences every fidelity run compares: this many of each profile, drawn from this seed. */
export const FIDELITY_SEQUENCES = { seed: 1, perProfile: 30 } as const;

export function sequenceCases(compare: (ctx: FidelityContext, inner: CaseDefinition<CheckContext>) => Promise<void>): CaseDefinition<FidelityContext>[] {
  return PROFILES.flatMap((profile) => Array.from({ length: FIDELITY_SEQUENCES.perProfile }, (_, i) => sequenceCase(profile, i, compare)));
}

function sequenceCase(profile: Profile, index: number, compare: (ctx: FidelityContext, inner: CaseDefinition<CheckContext>) => Promise<void>): CaseDefinition<FidelityContext> {
  const text = {
    id: `sequences/${profile}/${index + 1}`,
    title: `generated ${profile} sequence ${index + 1} of seed ${FIDELITY_SEQUENCES.seed}`,
    why: 'Both implementations must answer a sequence nobody scripted alike, request by request.',
    reference: 'harness/sequences',
  };
  return {
    ...text,
    level: profile === 'conformance' ? 'MUST' : 'SHOULD',
    since: '0.2.0',
    tags: ['fuzz', profile, 'sequence'],
    async run(ctx) {
      const commands = fc.sample(sequenceArbitrary(profile), { seed: FIDELITY_SEQUENCES.seed + index, numRuns: 1 })[0] ?? [];
      const compiled = compileSequence(commands, { profile, version: ctx.protocolVersion, facts: makeImageFacts(ctx.images) });
      await compare(ctx, toCheck(toScenarioCase(compiled, text)));
    },
  };
}
