// The validators of the schemas under specs/, compiled by `npm run build` (packaging/precompile-schemas.ts)
// and saved as code, for every process to load instead of compiling them: compiling cost each CLI
// start about 0.1 CPU-s (the results schema alone 0.12 s when reports are written). They are used only while
// the schemas are byte for byte those they were compiled from, so an edited schema is compiled as
// before, never judged by a stale validator.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { SpecFiles } from './read.js';
import { packagePath } from '../package-root.js';

/** Where the build saves them (CommonJS: ajv's standalone code requires its runtime helpers). */
export const PRECOMPILED_FILE = packagePath('dist', 'specs', 'precompiled-validators.cjs');

export interface SavedValidators {
  fingerprint: string;
  /** A validator's URI (a schema's `$id`, or a reference into one) → the name it is exported under. */
  ids: Record<string, string>;
  [name: string]: unknown;
}

/** What the validators were compiled from: every schema, in order, and the method table (the argument lists' schemas). */
export function specsFingerprint(files: Pick<SpecFiles, 'schemas' | 'methods'>): string {
  return createHash('sha256').update(JSON.stringify([files.schemas, files.methods])).digest('hex');
}

/** The saved validators by URI when they were compiled from exactly these files, else null (not built, or a file changed). */
export function loadPrecompiled(files: Pick<SpecFiles, 'schemas' | 'methods'>, file = PRECOMPILED_FILE): Map<string, ValidateFunction> | null {
  if (!existsSync(file)) return null;
  const saved = createRequire(import.meta.url)(file) as SavedValidators;
  if (saved.fingerprint !== specsFingerprint(files)) return null;
  return new Map(Object.entries(saved.ids).map(([id, name]) => [id, saved[name] as ValidateFunction]));
}
