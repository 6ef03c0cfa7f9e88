// docker://HOST[:PORT]/REPO[:TAG|@DIGEST], parsed as containers/image's docker transport does
// (docker/distribution's reference grammar, ParseNormalizedNamed): a first component with a dot,
// a colon or "localhost" is the registry, otherwise docker.io (with library/ for one component);
// a name alone gets the tag latest; a tag and a digest together are refused.
import { ProxyError } from '../../proxy-error.js';

export interface DockerImageName {
  /** The registry as written (`127.0.0.1:5000`, `docker.io`). */
  domain: string;
  /** The repository path inside it (`library/busybox`). */
  path: string;
  /** Exactly one of tag and digest is set. */
  tag?: string;
  digest?: string;
}

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = new RegExp(`^${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?$`);
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const PATH = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const MAX_NAME_LENGTH = 255;
const DEFAULT_DOMAIN = 'docker.io';
export const DEFAULT_TAG = 'latest';

/** Parses the part after `docker:`; the error texts are containers/image's. */
export function parseDockerImageName(within: string): DockerImageName {
  if (!within.startsWith('//')) throw new ProxyError(`docker: image reference ${within} does not start with //`);
  let rest = within.slice(2);
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw new ProxyError('invalid reference format');
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw new ProxyError('invalid reference format');
  }
  const { domain, path } = splitDomain(rest);
  if (!DOMAIN.test(domain)) throw new ProxyError('invalid reference format');
  if (!PATH.test(path)) {
    if (PATH.test(path.toLowerCase())) throw new ProxyError(`invalid reference format: repository name (${path}) must be lowercase`);
    throw new ProxyError('invalid reference format');
  }
  if (`${domain}/${path}`.length > MAX_NAME_LENGTH) throw new ProxyError(`repository name must not be more than ${MAX_NAME_LENGTH} characters`);
  if (tag !== undefined && digest !== undefined) throw new ProxyError('Docker references with both a tag and digest are currently not supported');
  return digest !== undefined ? { domain, path, digest } : { domain, path, tag: tag ?? DEFAULT_TAG };
}

/** splitDockerDomain: the registry part, if the first component names one. */
function splitDomain(name: string): { domain: string; path: string } {
  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  if (slash === -1 || (!first.includes('.') && !first.includes(':') && first !== 'localhost' && first.toLowerCase() === first)) {
    return { domain: DEFAULT_DOMAIN, path: slash === -1 ? `library/${name}` : name };
  }
  if (first === DEFAULT_DOMAIN && !name.slice(slash + 1).includes('/')) return { domain: first, path: `library/${name.slice(slash + 1)}` };
  return { domain: first, path: name.slice(slash + 1) };
}

/** The reference's name as containers/image prints it in errors (`HOST/REPO`). */
export function repositoryName(name: DockerImageName): string {
  return `${name.domain}/${name.path}`;
}

/** The tag or digest the manifest is fetched by. */
export function tagOrDigest(name: DockerImageName): string {
  return name.digest ?? name.tag ?? DEFAULT_TAG;
}

/** Where the registry API lives: Docker Hub's name is not its API host. */
export function registryHost(domain: string): string {
  return domain === DEFAULT_DOMAIN ? 'registry-1.docker.io' : domain;
}
