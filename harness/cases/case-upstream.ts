// A registry case: its image is fetched through a fault-injecting upstream of its own in front of
// the run's registry (cases run in parallel, so each has its own port and rules), the implementation
// is told how to reach plain HTTP, and what the upstream saw goes into the transcript as evidence.
import type { HarnessConfig } from '../config.js';
import { withExtraArgs, type LaunchSpec } from '../launch/implementation.js';
import type { CaseMetadata } from '../model/case.js';
import { isRegistryImage, type SuiteImage } from '../model/suite-images.js';
import type { RunRegistry } from '../registry/run-registry.js';
import { FaultyUpstream, type UpstreamEvent } from '../registry/upstream.js';
import { resolveProfile } from '../registry/upstream-faults.js';
import type { Verdict } from '../verdicts/verdict.js';

/** Not applicable (or, in CI, failed) when the case reads a registry image and there is no registry or no route to it. */
export function registryNotApplicable(c: CaseMetadata, spec: LaunchSpec, registry: RunRegistry): Verdict | null {
  if (!isRegistryImage(c.image ?? 'simple')) return null;
  if (registry.kind === 'absent') {
    if (registry.fatal) {
      return { status: 'harness-error', code: 'PC_FIXTURE_FAILED', message: `needs a registry: ${registry.reason} (CI is set, so this fails; --no-registry turns the registry cases off)` };
    }
    return { status: 'not-applicable', reason: `needs a registry: ${registry.reason}` };
  }
  if (spec.registry?.kind !== 'flags') {
    return { status: 'not-applicable', reason: `needs a registry: ${spec.registry?.reason ?? 'the harness cannot point this implementation at a registry'}` };
  }
  return null;
}

export interface CaseUpstreamLaunch {
  spec: LaunchSpec;
  /** The case's image with the upstream's address in its references. */
  image: SuiteImage;
  /** Writes the upstream's log with `note` and closes it with every connection, stalled ones too. */
  end(note: (text: string) => void): Promise<void>;
}

/**
 * The implementation's registry idle timeout, for one that takes it: under the call deadline, so that
 * a stalled upstream ends as an error reply the case can judge rather than as the harness's hang.
 */
export function registryIdleTimeoutMs(config: HarnessConfig): number {
  return Math.max(100, Math.floor(config.timeouts.callMs / 2));
}

/** The launch and image of a registry case (unchanged for any other case). */
export async function prepareCaseUpstream(c: CaseMetadata, spec: LaunchSpec, image: SuiteImage, registry: RunRegistry, config: HarnessConfig): Promise<CaseUpstreamLaunch> {
  if (!isRegistryImage(c.image ?? 'simple') || registry.kind !== 'running' || spec.registry?.kind !== 'flags') {
    return { spec, image, end: async () => {} };
  }
  const route = spec.registry;
  const upstream = await FaultyUpstream.start(registry.host);
  try {
    upstream.setRules(resolveProfile(c.upstream ?? [], image));
  } catch (error) {
    await upstream.close();
    throw error;
  }
  const idle = route.idleTimeoutFlag !== undefined ? [route.idleTimeoutFlag, String(registryIdleTimeoutMs(config))] : [];
  return {
    spec: withExtraArgs(spec, [...route.flags, ...idle]),
    image: throughUpstream(image, registry.host, upstream.host),
    async end(note) {
      for (const event of upstream.events) note(describeUpstreamEvent(event));
      await upstream.close();
    },
  };
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
