// A registry case: its image is fetched through a fault-injecting upstream of its own in front of
// the run's registry (cases run in parallel, so each has its own port and rules), the implementation
// is told how to reach plain HTTP, and what the upstream saw goes into the transcript as evidence.
import type { HarnessConfig } from '../config.js';
import { withExtraArgs, type LaunchSpec } from '../launch/implementation.js';
import type { CaseMetadata } from '../model/case.js';
import { missingFixture, readsRegistryImage, type SuiteImage, type SuiteImageAlias } from '../images/suite-images.js';
import type { RunRegistry } from '../registry/run-registry.js';
import { FaultyUpstream, type UpstreamEvent } from '../registry/upstream.js';
import { resolveProfile } from '../registry/upstream-faults.js';
import type { Progress } from '../transport/progress.js';
import type { Verdict } from '../verdicts/verdict.js';

/** Not applicable (or, in CI, failed) when the case reads a registry image and the run has no registry. */
export function registryMissing(c: CaseMetadata, registry: RunRegistry): Verdict | null {
  const died = registryDied(c, registry);
  if (died !== null) return { status: 'harness-error', code: 'PC_FIXTURE_FAILED', message: `${died}: the case could not run` };
  if (!readsRegistryImage(c) || registry.kind === 'running') return null;
  if (registry.fatal) {
    return { status: 'harness-error', code: 'PC_FIXTURE_FAILED', message: `needs a registry: ${registry.reason} (CI is set, so this fails; --no-registry turns the registry cases off)` };
  }
  return { status: 'not-applicable', reason: `needs a registry: ${registry.reason}`, environment: true };
}

/** For a case that reads a registry image: the run's registry ended on its own (how), or null. */
export function registryDied(c: CaseMetadata, registry: RunRegistry): string | null {
  if (!readsRegistryImage(c) || registry.kind !== 'running') return null;
  const how = registry.died?.() ?? null;
  return how === null ? null : `the run's registry (${registry.host}) ${how}, which the harness started: not the implementation's doing`;
}

/**
 * The harness's own part a case relies on that failed (the run's registry died, the fixtures on disk
 * are gone), said as such, or null: a case that did not pass then is the harness's error, not the
 * implementation's or the client's.
 */
export function harnessPartFailed(c: CaseMetadata, registry: RunRegistry, images: Readonly<Partial<Record<SuiteImageAlias, SuiteImage>>>): string | null {
  return registryDied(c, registry) ?? missingFixture(images);
}

/** As registryMissing, and not applicable when the harness cannot point the implementation at the registry. */
export function registryNotApplicable(c: CaseMetadata, spec: LaunchSpec, registry: RunRegistry): Verdict | null {
  const missing = registryMissing(c, registry);
  if (missing !== null || !readsRegistryImage(c)) return missing;
  if (spec.registry?.kind !== 'flags') {
    return { status: 'not-applicable', reason: `needs a registry: ${spec.registry?.reason ?? 'the harness cannot point this implementation at a registry'}` };
  }
  return null;
}

/** A case's own upstream, in front of the run's registry, and the case's image as seen through it. */
export interface CaseUpstream {
  image: SuiteImage;
  /** Writes the upstream's log with `note` and closes it with every connection, stalled ones too. */
  end(note: (text: string) => void): Promise<void>;
  /** Reports the implementation's requests and the bytes sent to it to the session's progress (for its deadlines). */
  reportTo(progress: Progress): void;
}

/** The case's upstream with its profile's rules, or null for a case that reads no registry image. */
export async function openCaseUpstream(c: CaseMetadata, image: SuiteImage, registry: RunRegistry): Promise<CaseUpstream | null> {
  if (!readsRegistryImage(c) || registry.kind !== 'running') return null;
  const upstream = await FaultyUpstream.start(registry.host);
  try {
    upstream.setRules(resolveProfile(c.upstream ?? [], image));
  } catch (error) {
    await upstream.close();
    throw error;
  }
  return {
    image: throughUpstream(image, registry.host, upstream.host),
    reportTo: (progress) => upstream.reportTo(progress),
    async end(note) {
      for (const event of upstream.events) note(describeUpstreamEvent(event));
      await upstream.close();
    },
  };
}

/** The case's upstream with the launch that reaches it; the image's references carry the upstream's address. */
export interface CaseUpstreamLaunch extends CaseUpstream {
  spec: LaunchSpec;
}

/**
 * The implementation's registry idle timeout, for one that takes it: half the call deadline (at least
 * 100 ms), so that a stalled upstream ends as an error reply the case can judge, not as the harness's hang.
 */
function registryIdleTimeoutMs(config: Pick<HarnessConfig, 'timeouts'>): number {
  return Math.max(100, Math.floor(config.timeouts.callMs / 2));
}

/** The launch and image of a registry case (unchanged for any other case). */
export async function prepareCaseUpstream(c: CaseMetadata, spec: LaunchSpec, image: SuiteImage, registry: RunRegistry, config: HarnessConfig): Promise<CaseUpstreamLaunch> {
  const route = spec.registry;
  const upstream = route?.kind === 'flags' ? await openCaseUpstream(c, image, registry) : null;
  if (upstream === null || route?.kind !== 'flags') return { spec, image, end: async () => {}, reportTo: () => {} };
  const idle = route.idleTimeoutFlag !== undefined ? [route.idleTimeoutFlag, String(registryIdleTimeoutMs(config))] : [];
  return { spec: withExtraArgs(spec, [...route.flags, ...idle]), image: upstream.image, end: (note) => upstream.end(note), reportTo: (progress) => upstream.reportTo(progress) };
}

function throughUpstream(image: SuiteImage, registryHost: string, upstreamHost: string): SuiteImage {
  const swap = (reference: string) => reference.replace(`//${registryHost}/`, `//${upstreamHost}/`);
  return { ...image, reference: swap(image.reference), untagged: swap(image.untagged), missingTag: swap(image.missingTag) };
}

/** `upstream: GET /v2/…/blobs/sha256:… → 200, stall-body after 65536 body bytes`. */
export function describeUpstreamEvent(e: UpstreamEvent): string {
  const status = e.status === null ? 'no response' : String(e.status);
  const range = e.range !== null ? ` (${e.range})` : '';
  const fault = e.fault !== null ? `, ${e.fault}` : '';
  return `upstream: ${e.method} ${e.path}${range} → ${status}${fault}, ${e.bytes} body bytes sent`;
}
