// The one ajv configuration, and ajv errors rendered as sentences that name the JSON path.
import { createRequire } from 'node:module';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type { Validation } from './types.js';

/**
 * ajv itself, loaded from the installed package when a schema is first compiled: a run on the build's
 * precompiled validators (specs/precompiled.ts) compiles none, and never loads ajv's 0.3 MB of code.
 */
const loadAjv = (): typeof import('ajv/dist/2020.js') => createRequire(import.meta.url)('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');

/** A draft 2020-12 validator in strict mode: unknown keywords, formats and ignored types are errors. */
/**
 * `checkSchemas: false` skips checking each added schema against the JSON Schema meta-schema, whose
 * compile alone cost every run 0.08 CPU-s: for the schemas the package ships, which the tests check.
 */
/** `source: true` keeps each validator's code, for the build to save them (specs/precompiled.ts). */
export function makeAjv({ checkSchemas = true, source = false }: { checkSchemas?: boolean; source?: boolean } = {}): Ajv2020 {
  const { Ajv2020: Compiler } = loadAjv();
  return new Compiler({ strict: true, allErrors: true, validateSchema: checkSchemas, ...(source ? { code: { source: true } } : {}) });
}

/** Runs a compiled schema and turns its errors into readable strings. */
export function runValidator(validate: ValidateFunction, json: unknown): Validation {
  if (validate(json)) return { ok: true };
  const errors = (validate.errors ?? [])
    // `if` failures only say which branch failed; the branch's own errors are the informative ones.
    .filter((error) => error.keyword !== 'if')
    .map(describeError);
  return { ok: false, errors: errors.length > 0 ? errors : ['value does not match the schema'] };
}

/** `$.layers[0].digest must match pattern "…"`, from an ajv error. */
export function describeError(error: ErrorObject): string {
  return `${jsonPath(error.instancePath)} ${error.message ?? 'is invalid'}${detail(error)}`;
}

function detail(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return ` (${JSON.stringify(params.additionalProperty)})`;
    case 'const':
      return ` ${JSON.stringify(params.allowedValue)}`;
    case 'enum':
      return `: ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return '';
  }
}

/** A JSON pointer (`/layers/0/digest`) as a JSONPath (`$.layers[0].digest`). */
export function jsonPath(pointer: string): string {
  if (pointer === '') return '$';
  return (
    '$' +
    pointer
      .slice(1)
      .split('/')
      .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
      .map((key) => (/^\d+$/.test(key) ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`))
      .join('')
  );
}
