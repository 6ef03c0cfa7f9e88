// The images the suite reads, by short alias, with everything a case compares replies against:
// golden bytes, parsed JSON and the layer info a correct proxy reports. Built from the fixture set.
import { existsSync, realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { HarnessError } from '../errors.js';
import { buildFixtures, type FixtureImage, type FixtureSet, type RegistryHandle, type TransportName } from './index.js';
import { loadSpecs } from '../specs/index.js';

interface SuiteLayer {
  digest: string;
  size: number;
  mediaType: string;
}

export interface SuiteImage {
  fixture: string;
  /** The reference OpenImage takes. */
  reference: string;
  /** The same location without a tag (oci: layouts hold one image each). */
  untagged: string;
  /** The same location with a tag it does not have. */
  missingTag: string;
  /** Where a path transport keeps the image, symlinks resolved, and its parent directory: the scopes a policy names it by. */
  location: { path: string; parent: string };
  manifest: { digest: string; bytes: Buffer; json: unknown; mediaType: string };
  /** The index or manifest list the reference names, for multi-platform images. */
  index?: { digest: string };
  config: { digest: string; size: number; bytes: Buffer; json: unknown; member: unknown };
  layers: SuiteLayer[];
  /** What GetLayerInfo(Piped) reports: source media types, not the converted manifest's. */
  layerInfo: Array<{ digest: string; size: number; media_type: string }>;
  /** The blob a negative fixture breaks (corrupt or missing). */
  brokenDigest?: string;
}

/** alias → fixture image id. Every case names one of these (default `simple`). */
export const SUITE_IMAGE_IDS = {
  simple: 'oci-simple@oci',
  big: 'oci-big-layer@oci',
  mixed: 'oci-mixed@oci',
  many: 'oci-many-layers@oci',
  index: 'oci-index@oci',
  schema2: 'docker-schema2@dir',
  archive: 'oci-simple@oci-archive',
  dir: 'oci-simple@dir',
  dockerArchive: 'oci-simple@docker-archive',
  corrupt: 'neg-corrupt-blob@oci',
  missingBlob: 'neg-missing-blob@oci',
  foreignIndex: 'neg-foreign-index@oci',
  missingConfig: 'neg-missing-config@oci',
  schema2MissingConfig: 'neg-schema2-missing-config@dir',
  missingManifest: 'neg-missing-manifest@oci',
} as const;

/**
 * alias → fixture image id of the images pushed to the run's registry (docker://), loaded only
 * when it runs. A missing or corrupt blob there is an upstream profile, not an image: a registry
 * verifies what is pushed to it.
 */
export const REGISTRY_IMAGE_IDS = {
  registrySimple: 'oci-simple@docker',
  registryMixed: 'oci-mixed@docker',
  registryBig: 'oci-big-layer@docker',
  registryMany: 'oci-many-layers@docker',
  registryIndex: 'oci-index@docker',
  registrySchema2: 'docker-schema2@docker',
  registryList: 'docker-list@docker',
} as const;

type PathImageAlias = keyof typeof SUITE_IMAGE_IDS;
export type RegistryImageAlias = keyof typeof REGISTRY_IMAGE_IDS;
export type SuiteImageAlias = PathImageAlias | RegistryImageAlias;
/** Every path image; the registry images only when a registry runs. */
export type SuiteImages = Record<PathImageAlias, SuiteImage> & Partial<Record<RegistryImageAlias, SuiteImage>>;

export function isRegistryImage(alias: SuiteImageAlias): alias is RegistryImageAlias {
  return Object.hasOwn(REGISTRY_IMAGE_IDS, alias);
}

/** Whether a case reads a registry image (its `image`, default `simple`). */
export function readsRegistryImage(c: { image?: SuiteImageAlias | undefined }): boolean {
  return isRegistryImage(c.image ?? 'simple');
}

/**
 * The first fixture image of `images` the harness built that is gone from disk (its cache removed
 * during the run), as the sentence that names it; null while every one is there. A case that did not
 * pass then says nothing of the implementation. Registry images live in the registry, which the
 * registry's own watch covers.
 */
export function missingFixture(images: Readonly<Partial<Record<SuiteImageAlias, SuiteImage>>>): string | null {
  for (const [alias, image] of Object.entries(images) as [SuiteImageAlias, SuiteImage | undefined][]) {
    if (image === undefined || isRegistryImage(alias) || existsSync(image.location.path)) continue;
    return `the fixture image ${image.fixture} is gone from ${image.location.path} (the harness built it; was its cache removed?): not the implementation's doing`;
  }
  return null;
}

/** The transports whose images live at a path: the suite runs without a registry. */
function suiteTransports(): TransportName[] {
  return loadSpecs()
    .transports.filter((t) => t.location === 'path')
    .map((t) => t.name as TransportName);
}

/** Builds (or reuses) the fixture set; with a registry, pushes the docker:// images to it and loads them too. */
export async function loadSuiteImages(options: { seed?: number | undefined; registry?: RegistryHandle | undefined; signal?: AbortSignal | undefined } = {}): Promise<SuiteImages> {
  let set: FixtureSet;
  try {
    set = await buildFixtures({
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      transports: options.registry ? [...suiteTransports(), 'docker'] : suiteTransports(),
      ...(options.registry ? { registry: options.registry } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    throw new HarnessError('PC_FIXTURE_FAILED', `could not build the fixtures: ${(error as Error).message}`, { cause: error });
  }
  const ids = { ...SUITE_IMAGE_IDS, ...(options.registry ? REGISTRY_IMAGE_IDS : {}) };
  const entries = await Promise.all(
    Object.entries(ids).map(async ([alias, id]) => {
      const image = set.images.find((i) => i.id === id);
      if (!image) throw new HarnessError('PC_FIXTURE_FAILED', `the fixture set has no image ${id}`);
      return [alias, await toSuiteImage(image)] as const;
    }),
  );
  return Object.fromEntries(entries) as SuiteImages;
}

export async function toSuiteImage(image: FixtureImage): Promise<SuiteImage> {
  // An index with no linux/amd64 instance (neg-foreign-index) is described by its first instance.
  const expected = image.expected ?? image.platforms?.[0];
  if (!expected) throw new HarnessError('PC_FIXTURE_FAILED', `fixture ${image.id} has no expected content`);
  const manifestBytes = await readFile(expected.manifest.bytesFile);
  const configBytes = await readFile(expected.config.bytesFile);
  const configJson = JSON.parse(configBytes.toString('utf8')) as { config?: unknown };
  // oci: layouts hold one image each; a registry repository holds tags.
  const untagged = ['oci', 'oci-archive', 'docker'].includes(image.transport) ? image.reference.replace(/:[^:/]+$/, '') : image.reference;
  return {
    fixture: image.id,
    reference: image.reference,
    untagged,
    missingTag: `${untagged}:nosuchtag`,
    location: locationOf(untagged),
    manifest: {
      digest: expected.manifest.digest,
      bytes: manifestBytes,
      json: JSON.parse(manifestBytes.toString('utf8')),
      mediaType: expected.manifest.mediaType,
    },
    ...(image.index ? { index: { digest: image.index.digest } } : {}),
    config: { digest: expected.config.digest, size: expected.config.size, bytes: configBytes, json: configJson, member: configJson.config ?? null },
    layers: expected.layers.map((l) => ({ digest: l.digest, size: l.size, mediaType: l.mediaType })),
    layerInfo: expected.layers.map((l) => ({ digest: l.digest, size: l.size, media_type: l.sourceMediaType ?? l.mediaType })),
    ...(image.refusal?.digest !== undefined ? { brokenDigest: image.refusal.digest } : {}),
  };
}

/** The file or directory after the transport prefix of an untagged reference, resolved as a proxy resolves it. */
function locationOf(untagged: string): SuiteImage['location'] {
  const named = untagged.slice(untagged.indexOf(':') + 1);
  let resolved = path.resolve(named);
  try {
    resolved = realpathSync(named);
  } catch {
    // a location that does not exist is named as it is
  }
  return { path: resolved, parent: path.dirname(resolved) };
}
