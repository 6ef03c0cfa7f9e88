// The docker: transport, `docker://HOST[:PORT]/REPO[:TAG|@DIGEST]`: an image in a registry that
// speaks the distribution API (v2), read over http(s) (docker/ holds the parts).
import { DockerImageSource } from './docker/docker-source.js';
import { parseDockerImageName, type DockerImageName } from './docker/reference.js';
import { RegistryClient } from './docker/registry-client.js';
import type { ImageReference, ImageSource } from '../image/source.js';
import { defaultSystemContext, type SystemContext } from '../image/system-context.js';

export async function parseDockerReference(name: string, within: string): Promise<ImageReference> {
  return new DockerReference(name, parseDockerImageName(within));
}

class DockerReference implements ImageReference {
  readonly transport = 'docker';
  /** containers/image's policy identity of a docker reference: HOST/REPO, the repository's namespaces its parents. */
  readonly policyIdentity: string;
  constructor(
    readonly name: string,
    private readonly image: DockerImageName,
  ) {
    this.policyIdentity = `${image.domain}/${image.path}`;
  }

  async newImageSource(system: SystemContext = defaultSystemContext()): Promise<ImageSource> {
    const source = new DockerImageSource(new RegistryClient(this.image.domain, system), this.image);
    await source.open();
    return source;
  }
}
