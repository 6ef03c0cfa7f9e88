// Tests that need skopeo fail (never skip) when it is missing, with the line that installs it.
import { findOnPath, SKOPEO_INSTALL_HINT } from '../launch/resolve-impl.js';

export function requireSkopeo(): string {
  const skopeo = findOnPath('skopeo');
  if (skopeo === null) throw new Error(`these tests need skopeo: ${SKOPEO_INSTALL_HINT}`);
  return skopeo;
}
