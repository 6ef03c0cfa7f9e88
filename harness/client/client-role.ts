// The harness as the proxy: a client case's session is one run of the client under test, served by
// the reference proxy in the case's profile; the case's judges read what the run observed.
import type { TeardownTimeouts } from '../launch/process.js';
import type { SuiteImage, SuiteImageAlias } from '../model/suite-images.js';
import { Transcript } from '../protocol/transcript.js';
import type { Role } from '../cases/role.js';
import type { ClientCase, ClientCaseContext } from './client-case.js';
import type { ClientObservation } from './observation.js';
import { runClient, type ClientCommand } from './run-client.js';

export interface ClientRoleInput {
  command: ClientCommand;
  images: Readonly<Partial<Record<SuiteImageAlias, SuiteImage>>>;
  /** How long the client may run per case. */
  deadlineMs: number;
  teardown: TeardownTimeouts;
}

export function makeClientRole(input: ClientRoleInput): Role<ClientCaseContext> {
  return {
    verdictWithoutSession(c) {
      const alias = c.image ?? 'simple';
      return input.images[alias] === undefined ? { status: 'harness-error', message: `no fixture image ${alias} was loaded`, code: 'PC_FIXTURE_FAILED' } : null;
    },
    async startSession(definition, signal) {
      const c = definition as ClientCase;
      const image = input.images[c.image ?? 'simple'] as SuiteImage;
      const transcript = new Transcript();
      let run: Promise<ClientObservation> | undefined;
      let observation: ClientObservation | undefined;
      const observe = (): Promise<ClientObservation> => {
        run ??= runClient(
          { command: input.command, caseId: c.id, image: image[c.imageRef], profile: c.profile, deadlineMs: input.deadlineMs, teardown: input.teardown, signal },
          transcript,
        ).then((o) => (observation = o));
        return run;
      };
      return {
        context: { image, observe },
        verdictAfterRun: () => null,
        async end() {
          await run?.catch(() => {});
          return { transcript: transcript.events, stderrTail: observation?.stderrTail ?? '' };
        },
      };
    },
  };
}
