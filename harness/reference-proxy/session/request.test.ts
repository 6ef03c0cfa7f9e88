import { describe, expect, test } from 'vitest';
import { decodeRequest, parseUint64 } from './request.js';

const bytes = (s: string) => Buffer.from(s, 'utf8');

function requestError(input: string | Buffer): string {
  try {
    decodeRequest(Buffer.isBuffer(input) ? input : bytes(input));
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
}

describe('syntax errors', () => {
  test.each([
    ['{"method": "Initialize", "args": [', 'invalid request: unexpected end of JSON input'],
    ['{"method":"OpenImage","args":[]} xyz', "invalid request: invalid character 'x' after top-level value"],
    ['\ufeff{"method":"OpenImage"}', "invalid request: invalid character 'ï' looking for beginning of value"],
    ['', 'invalid request: unexpected end of JSON input'],
  ])('%j is answered as "invalid request: " and the scanner\'s message: %s', (input, message) => {
    expect(requestError(input)).toBe(message);
  });

  test('nesting deeper than 10000 levels is answered "exceeded max depth"', () => {
    expect(requestError('['.repeat(12000))).toBe("invalid request: invalid character '[' exceeded max depth");
  });
});

describe('request decoding like json.Unmarshal into skopeo\'s request struct', () => {
  test.each([
    ['[]', 'array'],
    ['"Initialize"', 'string'],
    ['42', 'number'],
    ['true', 'bool'],
  ])('a top-level %s is a type error naming main.request', (input, kind) => {
    expect(requestError(input)).toBe(`invalid request: json: cannot unmarshal ${kind} into Go value of type main.request`);
  });

  test('null, {} and {"method":null} mean method ""', () => {
    for (const input of ['null', '{}', '{"method":null}']) expect(decodeRequest(bytes(input))).toEqual({ method: '', args: null });
  });

  test('field type errors name request.method / request.args, and 1e400 overflows float64', () => {
    expect(requestError('{"method": 1, "args": []}')).toBe('invalid request: json: cannot unmarshal number into Go struct field request.method of type string');
    expect(requestError('{"method": "OpenImage", "args": {"0": "x"}}')).toBe(
      'invalid request: json: cannot unmarshal object into Go struct field request.args of type []interface {}',
    );
    expect(requestError('{"method": "OpenImage", "args": "x"}')).toBe('invalid request: json: cannot unmarshal string into Go struct field request.args of type []interface {}');
    expect(requestError('{"method":"CloseImage","args":[1e400]}')).toBe(
      'invalid request: json: cannot unmarshal number 1e400 into Go struct field request.args of type float64',
    );
  });

  test('keys match case-insensitively (with Go\'s folding of ſ and K), the last duplicate wins, unknown keys are ignored', () => {
    expect(decodeRequest(bytes('{"METHOD":"OpenImage","ARGS":["x"]}'))).toEqual({ method: 'OpenImage', args: ['x'] });
    expect(decodeRequest(bytes('{"method":"Initialize","argſ":[1]}'))).toEqual({ method: 'Initialize', args: [1] });
    expect(decodeRequest(bytes('{"method":"Bogus","method":"OpenImage","args":[1],"args":[2],"id":7}'))).toEqual({ method: 'OpenImage', args: [2] });
    expect(decodeRequest(bytes('{"method":"OpenImage","method":null}')).method).toBe('OpenImage');
    expect(decodeRequest(bytes('{"METHOD":"OpenImage"}'), { caseSensitiveKeys: true }).method).toBe('');
  });

  test('invalid UTF-8 becomes one U+FFFD per bad byte, a lone surrogate escape one U+FFFD, NUL survives', () => {
    expect(decodeRequest(Buffer.concat([bytes('{"method":"Open'), Buffer.from([0xff]), bytes('Image"}')])).method).toBe('Open\ufffdImage');
    expect(decodeRequest(Buffer.concat([bytes('{"method":"'), Buffer.from([0xe2, 0x82]), bytes('A"}')])).method).toBe('\ufffd\ufffdA');
    expect(decodeRequest(bytes('{"method":"\\ud800x\\ud83d\\ude00"}')).method).toBe('\ufffdx\u{1f600}');
    expect(decodeRequest(bytes('{"method":"OpenImage\\u0000"}')).method).toBe('OpenImage\u0000');
  });

  test('arguments keep Go\'s interface{} types: float64, string, bool, nil, []any, map', () => {
    expect(decodeRequest(bytes('{"method":"X","args":[1.5,-0,"s",true,null,[1],{"a":1,"a":2}]}')).args).toEqual([1.5, -0, 's', true, null, [1], new Map([['a', 2]])]);
  });
});

describe('skopeo\'s parseUint64', () => {
  test.each([
    [1.5, 1n],
    [4e0, 4n],
    [-0, 0n],
    [-1, 2n ** 64n - 1n],
    [-1.5, 2n ** 64n - 1n],
    [2 ** 53 - 1, 2n ** 53n - 1n],
    [-1e30, 2n ** 63n],
  ])('%d → %s', (input, output) => {
    expect(parseUint64(input)).toBe(output);
  });

  test('rejects non-numbers with their Go type and values above 2^53−1 with %f', () => {
    expect(() => parseUint64('2')).toThrow('expecting numeric, not string');
    expect(() => parseUint64(true)).toThrow('expecting numeric, not bool');
    expect(() => parseUint64(null)).toThrow('expecting numeric, not <nil>');
    expect(() => parseUint64(2 ** 53)).toThrow('out of range integer for numeric 9007199254740992.000000');
    expect(() => parseUint64(2 ** 53 + 2)).toThrow('out of range integer for numeric 9007199254740994.000000');
  });
});
