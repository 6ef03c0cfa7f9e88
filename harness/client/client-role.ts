// The harness as the proxy: a client case's session is one run of the client under test, served by
// the reference proxy in the case's profile; the case's judges read what the run observed.
import { CLIENT_REGISTRY_IDLE_MS } from '../config.js';
import type { TeardownTimeouts } from '../launch/process.js';
import type { SuiteImage, SuiteImageAlias } from '../images/suite-images.js';
import { Transcript } from '../protocol/transcript.js';
import { Progress } from '../transport/progress.js';
import type { Role } from '../run/role.js';
import type { ClientCase, ClientCaseContext } from './client-case.js';
import type { ClientObservation } from './stand-in/observation.js';
import { runClient, type ClientCommand } from './stand-in/run-client.js';
import { harnessPartFailed, openCaseUpstream, registryMissing } from '../run/case-upstream.js';
import { NO_RUN_REGISTRY, type RunRegistry } from '../registry/run-registry.js';
import type { ServerProfile } from './stand-in/serve-client-session.js';

export interface ClientRoleInput {
  command: ClientCommand;
  images: Readonly<Partial<Record<SuiteImageAlias, SuiteImage>>>;
  /** How long the client may run per case with nothing moving. */
  deadlineMs: number;
  /** How long it may run while it keeps progressing: the run's progressMs. */
  progressMs: number;
  teardown: TeardownTimeouts;
  /** The run's registry, for cases that read a registry image (default: none was started). */
  registry?: RunRegistry;
}


export function makeClientRole(input: ClientRoleInput): Role<ClientCaseContext> {
  const registry = input.registry ?? NO_RUN_REGISTRY;
  return {
    // The stand-in serves the fixtures on disk and the run's registry: their failure is not the client's.
    harnessFault: (c) => harnessPartFailed(c, registry, input.images),
    verdictWithoutSession(c) {
      const alias = c.image ?? 'simple';
      const missing = registryMissing(c, registry);
      if (missing !== null) return missing;
      return input.images[alias] === undefined ? { status: 'harness-error', message: `no fixture image ${alias} was loaded`, code: 'PC_FIXTURE_FAILED' } : null;
    },
    async startSession(definition, signal) {
      const c = definition as ClientCase;
      const upstream = await openCaseUpstream(c, input.images[c.image ?? 'simple'] as SuiteImage, registry);
      const image = upstream?.image ?? (input.images[c.image ?? 'simple'] as SuiteImage);
      const profile: ServerProfile = upstream !== null ? { ...c.profile, registry: { idleTimeoutMs: CLIENT_REGISTRY_IDLE_MS } } : c.profile;
      const transcript = new Transcript();
      const progress = new Progress();
      upstream?.reportTo(progress);
      let run: Promise<ClientObservation> | undefined;
      let observation: ClientObservation | undefined;
      const observe = (): Promise<ClientObservation> => {
        run ??= runClient(
          {
            command: input.command,
            caseId: c.id,
            image: image[c.imageRef],
            missingImage: image.missingTag,
            profile,
            deadlineMs: input.deadlineMs,
            allowanceMs: input.progressMs,
            progress,
            teardown: input.teardown,
            signal,
          },
          transcript,
        ).then((o) => (observation = o));
        return run;
      };
      return {
        context: { image, observe },
        verdictAfterRun: () => null,
        async end() {
          await run?.catch(() => {});
          await upstream?.end((text) => transcript.note(text));
          return { transcript: transcript.events, stderrTail: observation?.stderrTail ?? '' };
        },
      };
    },
  };
}
