import { describe, expect, test } from 'vitest';
import { checkValid, decodeGoUtf8, goMarshal, GoMap, goQuoteQ, parseGoJson } from './go-json.js';
import { goUnmarshal, parseRfc3339, toMarshalable } from './go-struct.js';
import { OCI_IMAGE } from './image-types.js';
import { decodeRequest, parseUint64 } from './request.js';
import { parseDigest } from './digest.js';

const bytes = (s: string) => Buffer.from(s, 'utf8');

function requestError(input: string | Buffer): string {
  try {
    decodeRequest(Buffer.isBuffer(input) ? input : bytes(input));
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
}

describe('Go scanner messages', () => {
  test.each([
    ['{"method": "Initialize", "args": [', 'invalid request: unexpected end of JSON input'],
    ['{"method":"OpenImage","args":[]} xyz', "invalid request: invalid character 'x' after top-level value"],
    ['{"method":"OpenImage"}{"method":"Bogus"}', "invalid request: invalid character '{' after top-level value"],
    ['\ufeff{"method":"OpenImage"}', "invalid request: invalid character 'ï' looking for beginning of value"],
    ['{"method" "x"}', "invalid request: invalid character '\"' after object key"],
    ['{"method":"x" "args":[]}', "invalid request: invalid character '\"' after object key:value pair"],
    ['{method:1}', "invalid request: invalid character 'm' looking for beginning of object key string"],
    ['[1 2]', "invalid request: invalid character '2' after array element"],
    ['{"a":tru}', "invalid request: invalid character '}' in literal true (expecting 'e')"],
    ['{"a":nul', "invalid request: invalid character ' ' in literal null (expecting 'l')"],
    ['-', "invalid request: invalid character ' ' in numeric literal"],
    ['1.', "invalid request: invalid character ' ' after decimal point in numeric literal"],
    ['1e+', "invalid request: invalid character ' ' in exponent of numeric literal"],
    ['"a\\x"', "invalid request: invalid character 'x' in string escape code"],
    ['"\\u12g4"', "invalid request: invalid character 'g' in \\u hexadecimal character escape"],
    ['"a\u0001"', "invalid request: invalid character '\\x01' in string literal"],
    ["'x'", "invalid request: invalid character '\\'' looking for beginning of value"],
    ['', 'invalid request: unexpected end of JSON input'],
  ])('%j → %s', (input, message) => {
    expect(requestError(input)).toBe(message);
  });

  test('nesting deeper than 10000 levels fails with "exceeded max depth" at the 10001st bracket', () => {
    expect(requestError('['.repeat(12000))).toBe("invalid request: invalid character '[' exceeded max depth");
    expect(() => checkValid(bytes(`${'['.repeat(10000)}${']'.repeat(10000)}`))).not.toThrow();
  });

  test('json.Decoder mode stops after the first value and names a cut value "unexpected EOF"', () => {
    expect(checkValid(bytes('{"a":1} trailing garbage'), { firstValueOnly: true })).toBe(7);
    expect(() => checkValid(bytes('{"a":'), { firstValueOnly: true })).toThrow('unexpected EOF');
    expect(() => checkValid(bytes('  '), { firstValueOnly: true })).toThrow(/^EOF$/);
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
    expect(decodeGoUtf8(Buffer.from([0xed, 0xa0, 0x80, 0x41]))).toBe('\ufffd\ufffd\ufffdA');
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

describe('Go output', () => {
  test('compact, HTML-escaped, control characters as Go writes them, maps sorted bytewise, bigints whole', () => {
    expect(goMarshal({ b: '<a&b>\u2028\u2029\b\f\n\u0001\u007f', a: [1n, 18446744073709551615n, null, true] })).toBe(
      '{"b":"\\u003ca\\u0026b\\u003e\\u2028\\u2029\\b\\f\\n\\u0001\u007f","a":[1,18446744073709551615,null,true]}',
    );
    expect(goMarshal(new GoMap(new Map([['é', 1], ['z', 2], ['\u{1f600}', 3], ['\uffff', 4]])))).toBe('{"z":2,"é":1,"\uffff":4,"\u{1f600}":3}');
  });

  test('%q quotes like strconv.Quote', () => {
    expect(goQuoteQ('amd64')).toBe('"amd64"');
    expect(goQuoteQ('a"b\\c\n\u0001\u00a0é')).toBe('"a\\"b\\\\c\\n\\x01\\u00a0é"');
  });

  test('a config re-serialised as v1.Image: Go field order, omitempty, unknown keys dropped, times normalised', () => {
    const config = bytes(
      '{"os":"linux","architecture":"amd64","extra":1,"ROOTFS":{"diff_ids":[],"type":"layers"},"config":{"Labels":{"b":"2","a":"1"},"Env":[]},' +
        '"created":"2024-01-01T00:00:00.500000000+00:00","history":[{"empty_layer":false,"created_by":"x"}]}',
    );
    const image = goUnmarshal(config, OCI_IMAGE);
    expect(goMarshal(toMarshalable(image, OCI_IMAGE))).toBe(
      '{"created":"2024-01-01T00:00:00.5Z","architecture":"amd64","os":"linux","config":{"Labels":{"a":"1","b":"2"}},"rootfs":{"type":"layers","diff_ids":[]},"history":[{"created_by":"x"}]}',
    );
    expect(() => goUnmarshal(bytes('{"config":{"Env":"x"}}'), OCI_IMAGE)).toThrow(
      'json: cannot unmarshal string into Go struct field ImageConfig.config.Env of type []string',
    );
    expect(() => goUnmarshal(bytes('{"created":5}'), OCI_IMAGE)).toThrow('Time.UnmarshalJSON: input is not a JSON string');
    expect(parseRfc3339('2024-02-29T23:59:59.120+02:00')).toBe('2024-02-29T23:59:59.12+02:00');
    expect(() => parseRfc3339('2023-02-29T00:00:00Z')).toThrow(/parsing time/);
  });

  test('parseGoJson keeps number literals as text and duplicate keys in order', () => {
    expect(parseGoJson(bytes('{"a":1e400,"a":-0}'))).toEqual({ kind: 'object', entries: [['a', { kind: 'number', text: '1e400' }], ['a', { kind: 'number', text: '-0' }]] });
  });
});

describe('go-digest parsing', () => {
  test.each([
    ['sha256:xyz', 'invalid checksum digest length'],
    ['md5:d41d8cd98f00b204e9800998ecf8427e', 'unsupported digest algorithm'],
    [`sha256:${'C'.repeat(64)}`, 'invalid checksum digest format'],
    ['c9a93e68', 'invalid checksum digest format'],
    [':abc', 'invalid checksum digest format'],
    ['SHA256:abc', 'invalid checksum digest format'],
  ])('%s → %s', (digest, message) => {
    expect(() => parseDigest(digest)).toThrow(message);
  });

  test('sha256, sha384 and sha512 are known', () => {
    expect(parseDigest(`sha512:${'0'.repeat(128)}`).algorithm).toBe('sha512');
    expect(parseDigest(`sha384:${'0'.repeat(96)}`).algorithm).toBe('sha384');
  });
});
