import { describe, expect, test } from 'vitest';
import { parseGoJson } from './parse.js';

const bytes = (s: string) => Buffer.from(s, 'utf8');

describe('the decoded tree', () => {
  test('parseGoJson keeps number literals as text and duplicate keys in order', () => {
    expect(parseGoJson(bytes('{"a":1e400,"a":-0}'))).toEqual({ kind: 'object', entries: [['a', { kind: 'number', text: '1e400' }], ['a', { kind: 'number', text: '-0' }]] });
  });
});
