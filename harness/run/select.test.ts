import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckDefinition } from '../checks/types.js';
import type { Level } from '../model/case.js';
import { scratchDir } from '../test-support/scratch-dir.js';
import { expandPatternArgs, parseLevel, parseShard, selectCases, shardOf } from './select.js';
import { loadSuite } from './suite.js';

function makeCase(id: string, level: Level, tags: string[] = []): CheckDefinition {
  return { id, title: id, why: 'test', level, since: '0.2.1', reference: 'test', tags, run: async () => {} };
}

const CASES = [makeCase('a/must', 'MUST', ['x']), makeCase('a/should', 'SHOULD', ['x']), makeCase('b/info', 'INFO'), makeCase('b/must', 'MUST')];
const ids = (checks: readonly CheckDefinition[]) => checks.map((c) => c.id);

const dir = scratchDir('select-test');

describe('--level', () => {
  it('keeps a minimum strictness: MUST only, MUST and SHOULD, or everything', () => {
    expect(ids(selectCases(CASES, { run: [], skip: [], level: 'MUST' }))).toEqual(['a/must', 'b/must']);
    expect(ids(selectCases(CASES, { run: [], skip: [], level: 'SHOULD' }))).toEqual(['a/must', 'a/should', 'b/must']);
    expect(ids(selectCases(CASES, { run: [], skip: [], level: 'INFO' }))).toEqual(ids(CASES));
  });

  it('combines with --run and --skip', () => {
    expect(ids(selectCases(CASES, { run: ['tag:x'], skip: ['a/must'], level: 'SHOULD' }))).toEqual(['a/should']);
  });

  it('reads the level in any letter case and refuses anything else in one sentence', () => {
    expect(parseLevel('should')).toBe('SHOULD');
    expect(() => parseLevel('MAY')).toThrow(expect.objectContaining({ code: 'PC_USAGE', message: '--level takes MUST, SHOULD or INFO, not "MAY"' }));
  });
});

describe('--shard', () => {
  const suite = loadSuite();

  it('partitions the real suite: every case in exactly one shard of 4, and no shard empty', () => {
    const shards = [1, 2, 3, 4].map((index) => ids(selectCases(suite, { run: [], skip: [], shard: { index, count: 4 } })));
    for (const shard of shards) expect(shard.length).toBeGreaterThan(0);
    const all = shards.flat();
    expect(all.length).toBe(suite.length);
    expect(new Set(all)).toEqual(new Set(ids(suite)));
  });

  it('puts a case in the same shard whatever the suite order and the other filters', () => {
    const reversed = [...suite].reverse();
    for (const c of suite) {
      const index = shardOf(c.id, 3);
      expect(ids(selectCases(reversed, { run: [c.id], skip: [], shard: { index, count: 3 } }))).toContain(c.id);
    }
    const mustOnly = selectCases(suite, { run: [], skip: [], level: 'MUST', shard: { index: 2, count: 3 } });
    const shardOnly = selectCases(suite, { run: [], skip: [], shard: { index: 2, count: 3 } });
    expect(ids(mustOnly)).toEqual(ids(shardOnly.filter((c) => c.level === 'MUST')));
  });

  it('keeps everything with a single shard', () => {
    expect(selectCases(suite, { run: [], skip: [], shard: { index: 1, count: 1 } }).length).toBe(suite.length);
  });

  it('parses i/n', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
  });

  it.each(['0/4', '5/4', '1/0', 'x', '', '2/', '-1/4', '1.5/4'])('refuses %j with a usage error in one sentence', (text) => {
    expect(() => parseShard(text)).toThrow(
      expect.objectContaining({ code: 'PC_USAGE', message: `--shard takes i/n with 1 ≤ i ≤ n (for example 2/4), not "${text}"` }),
    );
  });
});

describe('@file pattern lists', () => {
  it('reads one pattern per line, ignoring blank lines and # comments', () => {
    const file = path.join(dir, 'flaky.txt');
    writeFileSync(file, '# known flaky on CI\ngetblob/**\n\n  tag:size  # slow\r\nlifecycle/eof-exit\n');
    expect(expandPatternArgs(['a/b', `@${file}`, 'c'])).toEqual(['a/b', 'getblob/**', 'tag:size', 'lifecycle/eof-exit', 'c']);
  });

  it('resolves a relative list against the given directory', () => {
    writeFileSync(path.join(dir, 'list.txt'), 'b/**\n');
    expect(expandPatternArgs(['@list.txt'], dir)).toEqual(['b/**']);
  });

  it('works for --skip as for --run', () => {
    writeFileSync(path.join(dir, 'skip.txt'), 'a/should\nb/info\n');
    expect(ids(selectCases(CASES, { run: [], skip: expandPatternArgs(['@skip.txt'], dir) }))).toEqual(['a/must', 'b/must']);
  });

  it('names a missing list file in a usage error', () => {
    expect(() => expandPatternArgs(['@missing.txt'], dir)).toThrow(
      expect.objectContaining({ code: 'PC_USAGE', message: 'cannot read the pattern list @missing.txt: no such file' }),
    );
  });
});

describe('--run', () => {
  it('still refuses a pattern that matches no case', () => {
    expect(() => selectCases(CASES, { run: ['nothing/*'], skip: [] })).toThrow(expect.objectContaining({ code: 'PC_USAGE' }));
  });
});
