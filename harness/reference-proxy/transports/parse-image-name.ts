// alltransports.ParseImageName: `TRANSPORT:REFERENCE`. The reference proxy reads oci:, oci-archive:,
// dir:, docker-archive: and docker://; a transport skopeo knows but this proxy does not read gets a clear
// refusal, and an unknown one skopeo's own error. Each reader is loaded on first use, so that
// start-up does not pay for the archive readers (tar-stream) a session may never need.
import { ProxyError } from '../proxy-error.js';
import type { ImageReference } from '../image/source.js';

type Reader = (name: string, within: string) => Promise<ImageReference>;

const READERS: Record<string, () => Promise<Reader>> = {
  oci: async () => (await import('./oci-layout.js')).parseOciReference,
  'oci-archive': async () => (await import('./oci-archive.js')).parseOciArchiveReference,
  dir: async () => (await import('./dir.js')).parseDirReference,
  'docker-archive': async () => (await import('./docker-archive.js')).parseDockerArchiveReference,
  docker: async () => (await import('./docker.js')).parseDockerReference,
};

/** The transports this proxy reads, by prefix. */
export const SERVED_TRANSPORTS: readonly string[] = Object.keys(READERS);

/** Transports skopeo 1.20 registers that this proxy does not implement. */
const SKOPEO_ONLY = ['docker-daemon', 'containers-storage', 'sif', 'tarball', 'ostree'];

export async function parseImageName(name: string): Promise<ImageReference> {
  const i = name.indexOf(':');
  if (i === -1) throw new ProxyError(`Invalid image name "${name}", expected colon-separated transport:reference`);
  const transport = name.slice(0, i);
  const load = Object.hasOwn(READERS, transport) ? READERS[transport] : undefined;
  if (load) return (await load())(name, name.slice(i + 1));
  if (SKOPEO_ONLY.includes(transport)) {
    const served = `${SERVED_TRANSPORTS.slice(0, -1).join(', ')} and ${SERVED_TRANSPORTS.at(-1)}`;
    throw new ProxyError(`Invalid image name "${name}": the ${transport} transport is not supported by the reference proxy (only ${served})`);
  }
  throw new ProxyError(`Invalid image name "${name}", unknown transport "${transport}"`);
}
