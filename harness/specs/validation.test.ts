import { describe, expect, it } from 'vitest';
import { describeError, jsonPath, makeAjv, runValidator } from './validation.js';

describe('makeAjv', () => {
  it('refuses a schema with an unknown keyword, so strict mode is on', () => {
    expect(() => makeAjv().compile({ type: 'object', colour: 'red' })).toThrow(/strict mode: unknown keyword: "colour"/);
  });

  it('refuses an unknown format rather than ignoring it', () => {
    expect(() => makeAjv().compile({ type: 'string', format: 'date-time' })).toThrow(/unknown format "date-time"/);
  });

  it('refuses a type-specific keyword without its type', () => {
    expect(() => makeAjv().compile({ minLength: 1 })).toThrow(/strict mode: missing type "string"/);
  });
});

describe('error rendering', () => {
  it('renders JSON pointers as JSONPath, quoting keys that are not identifiers', () => {
    expect(jsonPath('')).toBe('$');
    expect(jsonPath('/layers/0/digest')).toBe('$.layers[0].digest');
    expect(jsonPath('/os.version')).toBe('$["os.version"]');
    expect(jsonPath('/a~1b/c~0d')).toBe('$["a/b"]["c~d"]');
  });

  it('reports every error with its path, names the offending extra key, and drops bare if-branch failures', () => {
    const validate = makeAjv().compile({
      type: 'object',
      properties: { ok: { type: 'boolean' }, error: { type: 'string' } },
      additionalProperties: false,
      if: { properties: { ok: { const: true } } },
      then: { properties: { error: { const: '' } } },
    });
    const result = runValidator(validate, { ok: true, error: 'x', extra: 1 });
    expect(result).toEqual({
      ok: false,
      errors: ['$.error must be equal to constant ""', '$ must NOT have additional properties ("extra")'],
    });
  });

  it('lists the allowed values of an enum', () => {
    const validate = makeAjv().compile({ enum: ['EPIPE', 'other'] });
    validate('x');
    expect(validate.errors?.map(describeError)).toEqual(['$ must be equal to one of the allowed values: "EPIPE", "other"']);
  });
});
