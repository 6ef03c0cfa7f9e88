// A client case: a fixture image, the proxy profile it is served by, and judges over what the client
// did. Every judge gives a verdict or nothing; the case's verdict is the worst of them, and a client
// still running at its deadline is a hang (or, still progressing at its allowance, a failure) whatever else held.
import { DEFAULT_CLIENT_PROFILE } from '../config.js';
import type { CaseDefinition, CaseMetadata } from '../model/case.js';
import type { SuiteImage } from '../images/suite-images.js';
import { VerdictSignal, worstVerdict, type Verdict } from '../verdicts/verdict.js';
import { unmetRequirement, type Requirement } from './applicability.js';
import { clientCrash, describeCrash } from './client-crash.js';
import type { ClientObservation } from './stand-in/observation.js';
import { verdictForClientDeadline } from './stand-in/pending.js';

export type { Judge, JudgeInput } from './judge.js';
import type { Judge, JudgeInput } from './judge.js';
import type { ServerProfile } from './stand-in/serve-client-session.js';

/** What a client case's run function is given by the client role. */
export interface ClientCaseContext {
  image: SuiteImage;
  /** Runs the client once for the case (at most once) and returns what it did. */
  observe(): Promise<ClientObservation>;
}

export interface ClientCase extends CaseDefinition<ClientCaseContext> {
  profile: ServerProfile;
  /** Which reference of the image PC_IMAGE names (default: the image itself). */
  imageRef: 'reference' | 'missingTag';
  /** What the client must have done for the case to apply; a client that did not is n/a, saying which. */
  appliesWhen: readonly Requirement[];
}

export type ClientCaseSpec = Omit<CaseMetadata, 'since'> & {
  profile: Partial<ServerProfile>;
  judges: readonly Judge[];
  imageRef?: ClientCase['imageRef'];
  /** Default: none (the case judges any client, one that did nothing too). */
  appliesWhen?: readonly Requirement[];
};

export function clientCase(spec: ClientCaseSpec): ClientCase {
  const profile: ServerProfile = { ...DEFAULT_CLIENT_PROFILE, ...spec.profile };
  const { judges, profile: _partial, appliesWhen = [], ...meta } = spec;
  return {
    ...meta,
    since: profile.protocolVersion,
    tags: ['client', ...spec.tags],
    profile,
    imageRef: spec.imageRef ?? 'reference',
    appliesWhen,
    async run(ctx) {
      const observation = await ctx.observe();
      const verdict = judgeAll(judges, { observation, image: ctx.image, profile }, appliesWhen);
      if (verdict.status !== 'pass') throw new VerdictSignal(verdict);
    },
  };
}

/**
 * The case's verdict: a relay that lost a request makes the record untrustworthy (a harness error);
 * a hang or a crash is what the client did whatever the case asked; a client that never did what the
 * case needs is n/a, saying what it never did; else the worst of the judges' verdicts.
 */
export function judgeAll(judges: readonly Judge[], input: JudgeInput, appliesWhen: readonly Requirement[] = []): Verdict {
  const { observation } = input;
  const lost = observation.sessions.flatMap((s) => s.relayFailures);
  if (lost.length > 0) return { status: 'harness-error', message: lost.join('; '), code: 'PC_RELAY_FAILED' };
  const crash = clientCrash(observation.exit, observation.stderrTail);
  if (crash !== null && observation.exit !== null) {
    return { status: 'crash', message: `${describeCrash(crash)} instead of reporting what happened`, exit: observation.exit, stderrTail: observation.stderrTail };
  }
  const unmet = unmetRequirement(appliesWhen, observation);
  let verdict: Verdict = unmet !== null ? { status: 'not-applicable', reason: unmet } : { status: 'pass' };
  if (unmet === null) for (const judge of judges) verdict = worstVerdict(verdict, judge(input) ?? { status: 'pass' });
  const late = verdictForClientDeadline(observation);
  // A judge's own hang diagnosis says more than the generic one.
  if (late !== null) verdict = verdict.status === 'hang' ? verdict : worstVerdict(verdict, late);
  return verdict;
}
