// The benchmark's image: one seeded plain-tar layer of about 64 MiB, as an OCI layout, built with
// the fixture factory's own image builder.
import path from 'node:path';
import { buildImage } from '../images/build-image.js';
import { makeRandom } from '../images/random.js';
import type { ShapeSpec } from '../images/shapes.js';
import { FIXTURE_TAG, writeOciLayout } from '../images/write-oci-layout.js';
import { resolveStorePath } from '../images/content-store.js';
import type { BenchBlob } from './harness-client.js';

const BENCH_SEED = 64;

export async function makeBenchImage(dir: string, bytes: number): Promise<BenchBlob & { file: string }> {
  const shape: ShapeSpec = {
    name: 'bench-64mib',
    description: 'one plain layer of about 64 MiB',
    format: 'oci',
    layers: [{ files: [1, 1], maxFileSize: 1, bigFiles: [bytes], compression: 'none' }],
    transports: ['oci'],
  };
  const image = await buildImage(shape, makeRandom(BENCH_SEED), BENCH_SEED);
  const layout = path.join(dir, 'bench');
  await writeOciLayout(layout, image);
  const layer = image.instances[0]?.layers[0];
  if (!layer) throw new Error('bench image has no layer');
  return { reference: `oci:${layout}:${FIXTURE_TAG}`, digest: layer.digest, size: layer.size, file: resolveStorePath(layout, layer.digest) };
}
