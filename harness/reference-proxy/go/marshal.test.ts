import { describe, expect, test } from 'vitest';
import { goMarshal, GoMap } from './marshal.js';

describe('Go output', () => {
  test('compact, HTML-escaped, control characters as Go writes them, maps sorted bytewise, bigints whole', () => {
    expect(goMarshal({ b: '<a&b>\u2028\u2029\b\f\n\u0001\u007f', a: [1n, 18446744073709551615n, null, true] })).toBe(
      '{"b":"\\u003ca\\u0026b\\u003e\\u2028\\u2029\\b\\f\\n\\u0001\u007f","a":[1,18446744073709551615,null,true]}',
    );
    expect(goMarshal(new GoMap(new Map([['é', 1], ['z', 2], ['\u{1f600}', 3], ['\uffff', 4]])))).toBe('{"z":2,"é":1,"\uffff":4,"\u{1f600}":3}');
  });
});
