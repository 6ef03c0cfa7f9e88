import { describe, expect, it } from 'vitest';
import { jsonDepth } from '../json-depth.js';
import { InputLimitError, parseBoundedJson, readInputFile, readJsonInputFile } from './read-input.js';

describe('bounded input files', () => {
  it('stops reading an endless file one chunk past the limit', () => {
    expect(() => readInputFile('/dev/zero', 1024 * 1024)).toThrow(new InputLimitError('it is larger than 1 MiB'));
  });

  it('refuses a JSON input at its first chunk when it does not start like JSON', () => {
    expect(() => readJsonInputFile('/dev/zero', 256 * 1024 * 1024)).toThrow(/not a JSON document/);
  });

  it('refuses JSON nested deeper than the limit before parsing it, and counts no brackets inside strings', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(() => parseBoundedJson(deep)).toThrow(/nests deeper than 256 levels/);
    expect(jsonDepth('{"a": "[[[[{{{{\\"", "b": [1, {"c": []}]}')).toBe(4);
    expect(parseBoundedJson('{"a": [1]}')).toEqual({ a: [1] });
  });
});
