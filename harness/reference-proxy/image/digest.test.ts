import { describe, expect, test } from 'vitest';
import { parseDigest } from './digest.js';

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
