// A client fetching docker:// through the harness from the run's registry, each case through its own
// fault-injecting upstream (specs/registry.md): the image golden when the registry behaves, and a
// clear failure or the golden image when it does not, never a hang or a half-pulled image.
import { clientCase, type ClientCase, type ClientCaseSpec } from '../client-case.js';
import { reached } from '../applicability.js';
import { detectsFailure, exitsZero, fetchesOrFailsClearly, writesGoldenImage } from '../judges/outcome.js';

const REF = 'specs/registry.md; the client contract (docs/clients.md)';
const BLOB = ['GetBlob', 'GetRawBlob'];

function registryCase(name: string, spec: Omit<ClientCaseSpec, 'id' | 'reference' | 'tags'>): ClientCase {
  return clientCase({ id: `client/registry/${name}`, reference: REF, tags: ['registry'], ...spec });
}

export const REGISTRY_CASES: ClientCase[] = [
  registryCase('fetch', {
    title: 'fetches a docker:// image from a registry golden',
    why: 'nearly every real pull is docker:// from a registry',
    level: 'MUST',
    image: 'registrySimple',
    profile: {},
    judges: [exitsZero, writesGoldenImage],
  }),
  registryCase('fetch-manifest-list', {
    title: 'fetches a Docker manifest list from a registry, resolved to the host platform, golden',
    why: 'multi-platform images are the norm on registries',
    level: 'MUST',
    image: 'registryList',
    profile: {},
    judges: [fetchesOrFailsClearly('the manifest list holds Docker schema2 instances, converted to OCI')],
  }),
  registryCase('blob-503-once', {
    title: 'after a layer answered 503 once (retryable), fetches the image golden or fails with a message',
    why: 'overloaded registries and CDNs answer 502/503/504; a client must retry or say so',
    level: 'MUST',
    image: 'registryBig',
    upstream: [{ target: { layer: 0 }, fault: { kind: 'status', status: 503, times: 1 } }],
    profile: {},
    appliesWhen: [reached(...BLOB)],
    judges: [fetchesOrFailsClearly('the registry answered the layer with 503 once')],
  }),
  registryCase('stalled-layer', {
    title: 'when the registry stalls mid-layer, fails with a message once the proxy gives up (or fetches after a retry)',
    why: 'a stalled CDN (skopeo #2878) must end a pull with an error, not a half-written image',
    level: 'MUST',
    image: 'registryBig',
    upstream: [{ target: { layer: 0 }, fault: { kind: 'stall-body', after: 65_536 } }],
    profile: {},
    appliesWhen: [reached(...BLOB)],
    judges: [fetchesOrFailsClearly('the registry stalled mid-layer and the proxy failed it as retryable')],
  }),
  registryCase('corrupt-layer', {
    title: 'fails with a message when a layer from the registry does not match its digest',
    why: 'verification is the point of pulling by digest; a corrupt CDN copy must not become an image',
    level: 'MUST',
    image: 'registryBig',
    upstream: [{ target: { layer: 0 }, fault: { kind: 'corrupt', offset: 1_000_000 } }],
    profile: {},
    appliesWhen: [reached(...BLOB)],
    judges: [detectsFailure('the layer from the registry had one byte changed')],
  }),
];
