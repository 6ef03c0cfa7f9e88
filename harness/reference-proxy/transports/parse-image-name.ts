// alltransports.ParseImageName: `TRANSPORT:REFERENCE`. The reference proxy reads oci:, oci-archive:,
// dir: and docker-archive:; a transport skopeo knows but this proxy does not read gets a clear refusal, and an
// unknown one skopeo's own error.
import { ProxyError } from '../proxy-error.js';
import { parseDirReference } from './dir.js';
import { parseDockerArchiveReference } from './docker-archive.js';
import { parseOciArchiveReference } from './oci-archive.js';
import { parseOciReference } from './oci-layout.js';
import type { ImageReference } from './source.js';

const READERS: Record<string, (name: string, within: string) => Promise<ImageReference>> = {
  oci: parseOciReference,
  'oci-archive': parseOciArchiveReference,
  dir: parseDirReference,
  'docker-archive': parseDockerArchiveReference,
};

/** Transports skopeo 1.20 registers that this proxy does not implement. */
const SKOPEO_ONLY = ['docker', 'docker-daemon', 'containers-storage', 'sif', 'tarball', 'ostree'];

export async function parseImageName(name: string): Promise<ImageReference> {
  const i = name.indexOf(':');
  if (i === -1) throw new ProxyError(`Invalid image name "${name}", expected colon-separated transport:reference`);
  const transport = name.slice(0, i);
  const reader = READERS[transport];
  if (reader) return reader(name, name.slice(i + 1));
  if (SKOPEO_ONLY.includes(transport)) {
    throw new ProxyError(`Invalid image name "${name}": the ${transport} transport is not supported by the reference proxy (only oci, oci-archive, dir and docker-archive)`);
  }
  throw new ProxyError(`Invalid image name "${name}", unknown transport "${transport}"`);
}
