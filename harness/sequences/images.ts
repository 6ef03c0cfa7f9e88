// The fixture images sequences open, and what the model knows of each: payload sizes (which decide
// whether a read order is safe) and which blob a negative image breaks. Golden bytes stay in the
// suite images and are referenced from steps as `${images.<alias>...}`.
import type { SuiteImage, SuiteImageAlias } from '../images/suite-images.js';
import { HarnessError } from '../errors.js';

/** Suite images a sequence may open: oci and dir transports, which every implementation reads quickly. */
export const SEQUENCE_IMAGES = ['simple', 'big', 'corrupt', 'missingBlob', 'schema2', 'dir', 'index'] as const;
export type ImageAlias = (typeof SEQUENCE_IMAGES)[number];

export interface ImageSizes {
  manifest: number;
  config: number;
  layers: number[];
}

export type ImageFacts = Record<ImageAlias, ImageSizes>;

/** Images whose manifest and config are OCI as stored (schema2 is converted by the proxy). */
export function isOci(alias: ImageAlias): boolean {
  return alias !== 'schema2';
}

/**
 * An image index, resolved to the host's platform (linux/amd64, as the fixtures expect). Which digest
 * GetManifest replies for it is a known disagreement (the manual: the index's; skopeo: the
 * instance's), so sequences hold only the bytes.
 */
export function isIndex(alias: ImageAlias): boolean {
  return alias === 'index';
}

/** oci: layouts have tags; `dir:` references do not, so they have no missing-tag variant. */
export function hasTags(alias: ImageAlias): boolean {
  return alias !== 'schema2' && alias !== 'dir';
}

/** The layer a negative image breaks: corrupt serves wrong bytes, missingBlob has no blob at all. */
export function brokenLayer(alias: ImageAlias): { index: number; kind: 'corrupt' | 'missing' } | undefined {
  if (alias === 'corrupt') return { index: 1, kind: 'corrupt' };
  if (alias === 'missingBlob') return { index: 1, kind: 'missing' };
  return undefined;
}

/** `${images.<alias>.<path>}`: a step reference to fixture data. */
export function fixtureRef(alias: ImageAlias, path: string): string {
  return `\${images.${alias}.${path}}`;
}

export function makeImageFacts(images: Readonly<Partial<Record<SuiteImageAlias, SuiteImage>>>): ImageFacts {
  const entries = SEQUENCE_IMAGES.map((alias) => {
    const image = images[alias];
    if (image === undefined) throw new HarnessError('PC_FIXTURE_FAILED', `sequences need the fixture image ${alias}`);
    return [alias, { manifest: image.manifest.bytes.length, config: image.config.size, layers: image.layers.map((l) => l.size) }] as const;
  });
  return Object.fromEntries(entries) as ImageFacts;
}

/** Below one pipe buffer (64 KiB): the writer finishes without a reader, so any read order works. */
const SMALL_PAYLOAD = 60 * 1024;
/** Above any pipe an implementation may grow (1 MiB): a closed reader always breaks the writer. */
export const LARGE_PAYLOAD = 2 * 1024 * 1024;

type SizeClass = 'small' | 'medium' | 'large';

export function sizeClass(bytes: number): SizeClass {
  if (bytes < SMALL_PAYLOAD) return 'small';
  return bytes >= LARGE_PAYLOAD ? 'large' : 'medium';
}
