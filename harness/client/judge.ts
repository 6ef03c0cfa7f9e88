// A judge: one demand a client case makes of what the client did, given the observed run, the case's
// image and the proxy profile that served it.
import type { SuiteImage } from '../images/suite-images.js';
import type { Verdict } from '../verdicts/verdict.js';
import type { ClientObservation } from './stand-in/observation.js';
import type { ServerProfile } from './stand-in/serve-client-session.js';

export interface JudgeInput {
  observation: ClientObservation;
  image: SuiteImage;
  profile: ServerProfile;
}

/** One demand on the client: a verdict when it is not met (or does not apply), else null. */
export type Judge = (input: JudgeInput) => Verdict | null;
