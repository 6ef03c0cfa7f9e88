// The list of checks, in the order they run and report. Adding a check: one file, one line here.
import { eofExit } from './eof-exit.js';
import { finishPipeAfterRead } from './finish-pipe-after-read.js';
import { getBlobLayers } from './get-blob-layers.js';
import { getManifestGolden } from './get-manifest-golden.js';
import { initializeSemver } from './initialize-semver.js';
import { openImageId } from './open-image-id.js';
import { shutdownExit } from './shutdown-exit.js';
import type { CheckDefinition } from './types.js';

export const CHECKS: readonly CheckDefinition[] = [
  initializeSemver,
  openImageId,
  getManifestGolden,
  getBlobLayers,
  finishPipeAfterRead,
  shutdownExit,
  eofExit,
];
