// `npm run build`'s step after the bundles: every validator a run may use, compiled once from the
// schemas under specs/ and saved as code (specs/precompiled.ts loads it), so that no run compiles them.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import standalone from 'ajv/dist/standalone/index.js';
import { replaceFile } from '../files/replace-file.js';
import { readSpecFiles } from '../specs/read.js';
import { PRECOMPILED_FILE, specsFingerprint } from '../specs/precompiled.js';
import { argsSchemas, Specs } from '../specs/specs.js';
import { makeAjv } from '../specs/validation.js';

// A CommonJS module whose default export TypeScript sees under .default.
const standaloneCode = standalone.default;

const files = readSpecFiles();
// The method table as Specs checked it: the argument lists' schemas are made from it.
const specs = new Specs(files);
const uris = specs.validatorUris();
const ajv = makeAjv({ checkSchemas: false, source: true });
for (const schema of [...files.schemas, ...argsSchemas(specs.methods)]) ajv.addSchema(schema);
// Export names are identifiers; the URI each stands for is saved beside them.
const ids = Object.fromEntries(uris.map((uri, i) => [uri, `v${i}`]));
const code = standaloneCode(ajv, Object.fromEntries(uris.map((uri, i) => [`v${i}`, uri])));
await mkdir(path.dirname(PRECOMPILED_FILE), { recursive: true });
await replaceFile(PRECOMPILED_FILE, `${code}\nexports.fingerprint = ${JSON.stringify(specsFingerprint(files))};\nexports.ids = ${JSON.stringify(ids)};\n`);
