import { describe, expect, it } from 'vitest';
import { groupOf } from './model.js';

describe('case groups', () => {
  it('groups a server case by its first segment and a client case by its second, under client/', () => {
    expect(groupOf('getblob/wrong-size/plus-one')).toBe('getblob');
    expect(groupOf('client/integrity/blob-corrupted')).toBe('client/integrity');
    expect(groupOf('lifecycle')).toBe('lifecycle');
  });
});
