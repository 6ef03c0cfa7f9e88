import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { withDir } from 'tmp-promise';
import { describe, expect, test } from 'vitest';
import { REFERENCE_PROXY_BIN } from './resolve-impl.js';
import { readVersionString } from './version-string.js';

async function withScript(body: string, use: (file: string) => Promise<void>): Promise<void> {
  await withDir(
    async ({ path: dir }) => {
      const file = path.join(dir, 'impl');
      await writeFile(file, `#!/bin/sh\n${body}\n`);
      await chmod(file, 0o755);
      await use(file);
    },
    { unsafeCleanup: true },
  );
}

describe('readVersionString', () => {
  test('the reference proxy names itself without being run', async () => {
    expect(await readVersionString(REFERENCE_PROXY_BIN)).toMatch(/^proxy-conformance reference proxy /);
  });

  test('the first line of --version, shown as data; null for a failing or missing program', async () => {
    await withScript('printf "impl version 1.2\\033[2J\\nsecond line\\n"', async (file) => {
      expect(await readVersionString(file)).toBe('impl version 1.2\\x1b[2J');
    });
    await withScript('echo "usage: impl"; exit 2', async (file) => {
      expect(await readVersionString(file)).toBeNull();
    });
    expect(await readVersionString('/nonexistent/impl')).toBeNull();
  });

  test('a program that reads its stdin instead sees EOF and is not waited for', async () => {
    await withScript('cat > /dev/null; echo "served until EOF"', async (file) => {
      expect(await readVersionString(file)).toBe('served until EOF');
    });
  });
});
