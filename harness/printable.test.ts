import { describe, expect, test } from 'vitest';
import { printable } from './printable.js';

describe('printable', () => {
  test('escapes ESC, BEL, CR, NUL, DEL and C1, keeps newlines, tabs and other characters', () => {
    expect(printable('\x1b]0;owned\x07\x1b[2J')).toBe('\\x1b]0;owned\\x07\\x1b[2J');
    expect(printable('ok\rFAIL\x00\x7f\u009b')).toBe('ok\\x0dFAIL\\x00\\x7f\\x9b');
    expect(printable('two\n\tlines — ü ✓')).toBe('two\n\tlines — ü ✓');
  });
});
