import { describe, expect, test } from 'vitest';
import { checkValid, GoSyntaxError } from './scan.js';

const bytes = (s: string) => Buffer.from(s, 'utf8');

/** The GoSyntaxError message checkValid throws for `input`. */
function scanError(input: string): string {
  try {
    checkValid(bytes(input));
  } catch (error) {
    if (error instanceof GoSyntaxError) return error.message;
    throw error;
  }
  return 'no error';
}

describe('Go scanner messages', () => {
  test.each([
    ['{"method": "Initialize", "args": [', 'unexpected end of JSON input'],
    ['{"method":"OpenImage","args":[]} xyz', "invalid character 'x' after top-level value"],
    ['{"method":"OpenImage"}{"method":"Bogus"}', "invalid character '{' after top-level value"],
    ['\ufeff{"method":"OpenImage"}', "invalid character 'ï' looking for beginning of value"],
    ['{"method" "x"}', "invalid character '\"' after object key"],
    ['{"method":"x" "args":[]}', "invalid character '\"' after object key:value pair"],
    ['{method:1}', "invalid character 'm' looking for beginning of object key string"],
    ['[1 2]', "invalid character '2' after array element"],
    ['{"a":tru}', "invalid character '}' in literal true (expecting 'e')"],
    ['{"a":nul', "invalid character ' ' in literal null (expecting 'l')"],
    ['-', "invalid character ' ' in numeric literal"],
    ['1.', "invalid character ' ' after decimal point in numeric literal"],
    ['1e+', "invalid character ' ' in exponent of numeric literal"],
    ['"a\\x"', "invalid character 'x' in string escape code"],
    ['"\\u12g4"', "invalid character 'g' in \\u hexadecimal character escape"],
    ['"a\u0001"', "invalid character '\\x01' in string literal"],
    ["'x'", "invalid character '\\'' looking for beginning of value"],
    ['', 'unexpected end of JSON input'],
  ])('%j → %s', (input, message) => {
    expect(scanError(input)).toBe(message);
  });

  test('nesting deeper than 10000 levels fails with "exceeded max depth" at the 10001st bracket', () => {
    expect(scanError('['.repeat(12000))).toBe("invalid character '[' exceeded max depth");
    expect(() => checkValid(bytes(`${'['.repeat(10000)}${']'.repeat(10000)}`))).not.toThrow();
  });

  test('json.Decoder mode stops after the first value and names a cut value "unexpected EOF"', () => {
    expect(checkValid(bytes('{"a":1} trailing garbage'), { firstValueOnly: true })).toBe(7);
    expect(() => checkValid(bytes('{"a":'), { firstValueOnly: true })).toThrow('unexpected EOF');
    expect(() => checkValid(bytes('  '), { firstValueOnly: true })).toThrow(/^EOF$/);
  });
});
