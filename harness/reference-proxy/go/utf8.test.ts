import { describe, expect, test } from 'vitest';
import { decodeGoUtf8 } from './utf8.js';

describe('Go\'s UTF-8 coercion', () => {
  test('a surrogate encoded in UTF-8 (ED A0 80) is three bad bytes, three U+FFFD', () => {
    expect(decodeGoUtf8(Buffer.from([0xed, 0xa0, 0x80, 0x41]))).toBe('\ufffd\ufffd\ufffdA');
  });
});
