// A case's policy document as a file: `${…}` in its keys and strings resolved against the case's
// bindings, so a scope can name the fixture's own directory.
import { writeFile } from 'node:fs/promises';
import { resolveTemplate, type Bindings } from './templates.js';

export async function writePolicyDocument(file: string, document: unknown, bindings: Bindings): Promise<void> {
  await writeFile(file, JSON.stringify(resolveDocument(document, bindings), null, 2));
}

function resolveDocument(value: unknown, bindings: Bindings): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveDocument(v, bindings));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [String(resolveTemplate(k, bindings)), resolveDocument(v, bindings)]));
  }
  return resolveTemplate(value, bindings);
}
