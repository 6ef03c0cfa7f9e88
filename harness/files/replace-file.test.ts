import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fillLeavingOnePage, withTmpfs } from '../test-support/tmpfs.js';
import { replaceFile, replaceJsonFile } from './replace-file.js';

describe('replaceFile', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    dir = undefined;
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

  it('on a disk that fills up mid-write fails with ENOSPC and leaves the old file whole, with nothing beside it', () =>
    withTmpfs({ size: '40k' }, async (disk) => {
      const file = path.join(disk, 'baseline.json');
      await writeFile(file, 'previous\n');
      await fillLeavingOnePage(disk);
      // One page is left: the first write(2) takes 4096 of these bytes, the next one finds no room.
      await expect(replaceJsonFile(file, { cases: 'x'.repeat(10_000) })).rejects.toMatchObject({ code: 'ENOSPC' });
      expect(await readFile(file, 'utf8')).toBe('previous\n');
      expect((await readdir(disk)).filter((name) => !name.startsWith('.filler-'))).toEqual(['baseline.json']);
    }));
});
