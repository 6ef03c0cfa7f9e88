import { describe, expect, test } from 'vitest';
import { excerpt, printable, quote } from './printable.js';

describe('printable', () => {
  test('escapes ESC, BEL, CR, NUL, DEL and C1, keeps newlines, tabs and other characters', () => {
    expect(printable('\x1b]0;owned\x07\x1b[2J')).toBe('\\x1b]0;owned\\x07\\x1b[2J');
    expect(printable('ok\rFAIL\x00\x7f\u009b')).toBe('ok\\x0dFAIL\\x00\\x7f\\x9b');
    expect(printable('two\n\tlines — ü ✓')).toBe('two\n\tlines — ü ✓');
  });
});

describe('excerpt', () => {
  test('leaves a short text whole, and cuts a long one saying how many bytes it had in all', () => {
    expect(excerpt('short')).toBe('short');
    expect(excerpt('é'.repeat(300))).toBe(`${'é'.repeat(200)}… (600 bytes in all)`);
    expect(excerpt(Buffer.from('x'.repeat(50)), { max: 10 })).toBe('xxxxxxxxxx… (50 bytes in all)');
  });

  test('states the size of the whole when only part of it was received', () => {
    expect(excerpt(Buffer.from('{"success":true'), { total: 4 << 20 })).toBe('{"success":true… (4194304 bytes in all)');
  });

  test('quote excerpts a value\'s JSON', () => {
    expect(quote({ a: 1 })).toBe('{"a":1}');
    expect(quote('y'.repeat(100), 10)).toBe('"yyyyyyyyy… (102 bytes in all)');
  });
});
