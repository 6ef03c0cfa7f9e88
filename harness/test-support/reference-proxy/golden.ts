// Test support: the golden fixture images the reference proxy tests use, and the exact texts
// skopeo 1.20.0 replies, to compare with.
import { createHash } from 'node:crypto';
import type { FixtureImage } from '../../images/index.js';
import { fixtureImage, type Reply } from './session.js';

export const sha256 = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

interface GoldenImages {
  simple: FixtureImage;
  big: FixtureImage;
  corrupt: FixtureImage;
  index: FixtureImage;
  schema2: FixtureImage;
}

/** The fixture images most tests use (built once per process). */
export async function loadGoldenImages(): Promise<GoldenImages> {
  return {
    simple: await fixtureImage('oci-simple@oci'),
    big: await fixtureImage('oci-big-layer@oci'),
    corrupt: await fixtureImage('neg-corrupt-blob@oci'),
    index: await fixtureImage('oci-index@oci'),
    schema2: await fixtureImage('docker-schema2@dir'),
  };
}

export function expected(image: FixtureImage) {
  if (!image.expected) throw new Error(`${image.id} has no expected content`);
  return image.expected;
}

export function largeLayer(image: FixtureImage) {
  const layer = expected(image).layers.find((l) => l.size > 64 * 1024);
  if (!layer) throw new Error(`${image.id} has no layer over 64 KiB`);
  return layer;
}

/** The exact reply bytes skopeo 1.20.0 sends for a failure (Go escapes < > & in JSON strings). */
export function failure(message: string, code = 'other'): string {
  const json = JSON.stringify({ success: false, value: null, pipeid: 0, error_code: code, error: message });
  return json.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

export function raw(r: Reply): string {
  return r.raw.toString('utf8');
}
