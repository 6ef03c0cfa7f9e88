import { describe, expect, test } from 'vitest';
import { parseRfc3339 } from './time.js';

describe('time.Time in JSON', () => {
  test('RFC 3339 times are normalised as MarshalJSON writes them, and an impossible date is refused', () => {
    expect(parseRfc3339('2024-02-29T23:59:59.120+02:00')).toBe('2024-02-29T23:59:59.12+02:00');
    expect(() => parseRfc3339('2023-02-29T00:00:00Z')).toThrow(/parsing time/);
  });
});
