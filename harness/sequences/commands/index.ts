// The command pool of each profile, weighted: the list a sequence draws from. Adding a command is
// one file and one line here.
import fc from 'fast-check';
import type { SequenceCommand } from '../command.js';
import type { Profile } from '../model.js';
import { closeImageArbitrary } from './close-image.js';
import { endSessionArbitrary } from './end-session.js';
import { finishPipeArbitrary } from './finish-pipe.js';
import { initializeArbitrary } from './initialize.js';
import { layerInfoArbitrary } from './layer-info.js';
import { openImageArbitrary } from './open-image.js';
import { packetArbitrary } from './packet.js';
import { pipedCallArbitrary } from './piped-call.js';
import { randomCallArbitrary } from './random-call.js';
import { rawBlobArbitrary } from './raw-blob.js';
import { readPipeArbitrary } from './read-pipe.js';

interface PoolEntry {
  weight: number;
  arbitrary: () => fc.Arbitrary<SequenceCommand>;
  /** Only in adversarial sequences. */
  adversarial?: true;
}

const POOL: PoolEntry[] = [
  { weight: 5, arbitrary: openImageArbitrary },
  { weight: 2, arbitrary: closeImageArbitrary },
  { weight: 10, arbitrary: pipedCallArbitrary },
  { weight: 1, arbitrary: layerInfoArbitrary },
  { weight: 2, arbitrary: rawBlobArbitrary },
  { weight: 10, arbitrary: readPipeArbitrary },
  { weight: 1, arbitrary: finishPipeArbitrary },
  { weight: 1, arbitrary: initializeArbitrary },
  { weight: 1, arbitrary: endSessionArbitrary },
  { weight: 4, arbitrary: randomCallArbitrary, adversarial: true },
  { weight: 4, arbitrary: packetArbitrary, adversarial: true },
];

export function commandArbitrary(profile: Profile): fc.Arbitrary<SequenceCommand> {
  const entries = POOL.filter((e) => profile === 'adversarial' || e.adversarial !== true);
  return fc.oneof(...entries.map((e) => ({ weight: e.weight, arbitrary: e.arbitrary() })));
}
