// Fetching an image from a proxy that does nothing wrong, at every protocol version a client meets
// and for every image shape: exit 0 and every byte golden.
import { clientCase, type ClientCase } from '../client-case.js';
import { called, naUnless } from '../applicability.js';
import { exitsZero, fetchesOrFailsClearly, writesGoldenImage } from '../judges/outcome.js';

const VERSIONS = ['0.2.3', '0.2.5', '0.2.6', '0.2.7', '0.2.8'] as const;

const REF = 'the client contract (docs/clients.md): exit 0 means the image was fetched, and PC_OUT holds it';

export const FETCH_CASES: ClientCase[] = [
  ...VERSIONS.map((v) =>
    clientCase({
      id: `client/fetch/protocol-${v}`,
      title: `fetches the image golden from a proxy speaking ${v}`,
      why: `skopeo releases speaking ${v} are in the wild (specs/versions.json)`,
      level: 'MUST',
      reference: REF,
      tags: ['fetch', 'version'],
      profile: { protocolVersion: v },
      judges: [exitsZero, writesGoldenImage],
    }),
  ),
  ...(
    [
      ['big-layer', 'big', 'a layer of several MiB, far above the pipe buffer'],
      ['many-layers', 'many', 'an image with enough layers that GetLayerInfo replies exceed 32 KiB'],
      ['index', 'index', 'an OCI index, resolved by the proxy to the host platform'],
    ] as const
  ).map(([name, image, what]) =>
    clientCase({
      id: `client/fetch/${name}`,
      title: `fetches ${what}`,
      why: 'a client library meets every image shape a registry holds',
      level: 'MUST',
      reference: REF,
      tags: ['fetch'],
      image,
      profile: {},
      judges: [exitsZero, writesGoldenImage],
    }),
  ),
  clientCase({
    id: 'client/fetch/layer-info-over-32k-inline',
    title: 'fetches an image whose inline GetLayerInfo reply exceeds 32 KiB (0.2.5), having called GetLayerInfo',
    why: 'containers-image-proxy-rs #72: 677 layers broke a 32 KiB receive buffer',
    level: 'MUST',
    reference: 'containers-image-proxy-rs issue #72; GetLayerInfo in specs/methods.json',
    tags: ['fetch', 'size'],
    image: 'many',
    profile: { protocolVersion: '0.2.5' },
    // A client that fetched the image without GetLayerInfo never met the big reply: n/a, not a pass.
    judges: [exitsZero, writesGoldenImage, naUnless(called('GetLayerInfo'))],
  }),
  clientCase({
    id: 'client/fetch/get-blob-size-unknown',
    title: 'fetches the image when GetBlob replies size -1',
    why: 'registries without Content-Length make skopeo reply -1; containers-image-proxy-rs broke on it (its PRs #97/#98)',
    level: 'MUST',
    reference: 'GetBlob in specs/methods.json: value is the size, or -1 when unknown',
    tags: ['fetch', 'size'],
    profile: { protocolVersion: '0.2.7', faults: ['get-blob-value-unknown'] },
    judges: [exitsZero, writesGoldenImage, naUnless(called('GetBlob'))],
  }),
  clientCase({
    id: 'client/fetch/docker-schema2-converted',
    title: 'fetches a Docker schema2 image (converted to OCI), or fails saying why',
    why: 'GetManifest pipes the converted OCI manifest but replies the digest of the stored schema2 one, so a client verifying that digest cannot accept it',
    level: 'INFO',
    reference: 'GetManifest in specs/methods.json: schema2 is converted, the value is the digest as stored',
    tags: ['fetch'],
    image: 'schema2',
    profile: {},
    judges: [fetchesOrFailsClearly('the manifest was converted, so its digest differs from the reply value')],
  }),
  clientCase({
    id: 'client/versions/oldest-proxy-fetches-or-says-why',
    title: 'against 0.2.3 (Debian skopeo 1.9.3) fetches the image or fails with a clear message',
    why: 'the oldest proxy in wide use lacks GetLayerInfo and GetRawBlob',
    level: 'MUST',
    reference: 'specs/versions.json: skopeo 1.6–1.10 speak 0.2.3',
    tags: ['version'],
    profile: { protocolVersion: '0.2.3' },
    judges: [fetchesOrFailsClearly('the proxy speaks only 0.2.3')],
  }),
];
