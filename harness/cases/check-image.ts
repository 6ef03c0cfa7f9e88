// The bridge from the fixture set to the image the first checks read: the oci-simple shape in the
// oci transport, with its golden bytes loaded.
import { readFile } from 'node:fs/promises';
import type { CheckImage } from '../checks/context.js';
import { HarnessError } from '../errors.js';
import { buildFixtures, type FixtureImage, type FixtureSet } from '../fixtures/index.js';

export const DEFAULT_CHECK_IMAGE = 'oci-simple@oci';

export async function loadCheckImage(options: { seed?: number | undefined; id?: string }): Promise<CheckImage> {
  let set: FixtureSet;
  try {
    set = await buildFixtures({ ...(options.seed !== undefined ? { seed: options.seed } : {}), transports: ['oci'] });
  } catch (error) {
    throw new HarnessError('PC_FIXTURE_FAILED', `could not build the fixtures: ${(error as Error).message}`, { cause: error });
  }
  const id = options.id ?? DEFAULT_CHECK_IMAGE;
  const image = set.images.find((i) => i.id === id);
  if (!image) throw new HarnessError('PC_FIXTURE_FAILED', `the fixture set has no image ${id}`);
  return toCheckImage(image);
}

export async function toCheckImage(image: FixtureImage): Promise<CheckImage> {
  const expected = image.expected;
  if (!expected) throw new HarnessError('PC_FIXTURE_FAILED', `fixture ${image.id} has no expected content`);
  return {
    reference: image.reference,
    manifest: { digest: expected.manifest.digest, bytes: await readFile(expected.manifest.bytesFile) },
    config: { digest: expected.config.digest, size: expected.config.size },
    layers: expected.layers.map((l) => ({ digest: l.digest, size: l.size })),
  };
}
