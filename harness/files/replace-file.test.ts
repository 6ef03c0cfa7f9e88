import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { replaceFile, replaceJsonFile } from './replace-file.js';

describe('replaceFile', () => {
  let dir: string;
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('replaces the file by rename: a reader holding the old inode still sees the old bytes whole', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'replace-file-'));
    const file = path.join(dir, 'baseline.json');
    await writeFile(file, 'old contents\n');
    const { open } = await import('node:fs/promises');
    const held = await open(file, 'r');
    await replaceJsonFile(file, { cases: { a: 1 } });
    // An in-place (O_TRUNC) write would have emptied the held file; a rename leaves it intact.
    expect((await held.readFile()).toString()).toBe('old contents\n');
    await held.close();
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ cases: { a: 1 } });
    expect(await readdir(dir)).toEqual(['baseline.json']);
  });

  it('leaves the old file untouched when the write fails', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'replace-file-'));
    const file = path.join(dir, 'results.json');
    await writeFile(file, 'previous');
    await expect(replaceFile(path.join(dir, 'missing', 'x.json'), 'new')).rejects.toThrow();
    expect(await readFile(file, 'utf8')).toBe('previous');
    expect(await readdir(dir)).toEqual(['results.json']);
  });
});
