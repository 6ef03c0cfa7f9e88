// A sequence world with the fixture payload sizes written out, for tests that compile or explore
// sequences without building the fixtures.
import type { ImageFacts } from '../sequences/images.js';
import type { Profile, SequenceWorld } from '../sequences/model.js';

const FACTS: ImageFacts = {
  simple: { manifest: 554, config: 1049, layers: [709, 151_040] },
  big: { manifest: 400, config: 887, layers: [4_323_328] },
  corrupt: { manifest: 554, config: 1067, layers: [700, 136_704] },
  missingBlob: { manifest: 556, config: 1067, layers: [438, 454] },
  schema2: { manifest: 558, config: 1061, layers: [536, 16_093] },
  dir: { manifest: 554, config: 1049, layers: [709, 151_040] },
  index: { manifest: 553, config: 1046, layers: [875, 11_264] },
};

/** A 0.2.8 implementation under `profile`, with the sizes above. */
export function fixedSizeWorld(profile: Profile): SequenceWorld {
  return { profile, version: '0.2.8', facts: FACTS };
}
