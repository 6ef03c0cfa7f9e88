import { describe, expect, test } from 'vitest';
import { goQuoteQ } from './quote.js';

describe('strconv.Quote', () => {
  test('%q quotes like strconv.Quote', () => {
    expect(goQuoteQ('amd64')).toBe('"amd64"');
    expect(goQuoteQ('a"b\\c\n\u0001\u00a0é')).toBe('"a\\"b\\\\c\\n\\x01\\u00a0é"');
  });
});
