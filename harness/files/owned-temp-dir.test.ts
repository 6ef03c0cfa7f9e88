// Temp dirs named with their owner's pid: a later run removes those whose owner died, and only ours.
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { deadPid, livePid } from '../test-support/processes.js';
import { removeStaleTempDirs } from './owned-temp-dir.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

test('removes the temp dirs and partial fixture sets of a dead owner, and nothing else', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'owned-temp-dir-test-'));
  roots.push(root);
  const dead = await deadPid();
  const alive = livePid();
  const stale = [`proxy-conformance-${dead}-a1B2c3`, `proxy-conformance-registry-${dead}-XyZ123`, `proxy-conformance-case-${dead}-q9w8e7`, `pc-client-${dead}-Zz00Aa`];
  const kept = [`proxy-conformance-${alive}-a1B2c3`, `pc-client-${alive}-Zz00Aa`, 'proxy-conformance-cli-a1B2c3', `someone-else-${dead}-a1B2c3`, `proxy-conformance-${dead}-not-ours`];
  for (const name of [...stale, ...kept]) mkdirSync(path.join(root, name, 'storage'), { recursive: true });
  const cache = path.join(root, 'proxy-conformance-fixtures');
  mkdirSync(path.join(cache, 'abc123'), { recursive: true });
  mkdirSync(path.join(cache, `abc123.partial-${dead}-1700000000000`, 'blobs'), { recursive: true });
  mkdirSync(path.join(cache, `abc123.partial-${alive}-1700000000000`));

  const removed = removeStaleTempDirs(root);

  expect(removed.map((p) => path.relative(root, p)).sort()).toEqual([...stale, `proxy-conformance-fixtures/abc123.partial-${dead}-1700000000000`].sort());
  expect(readdirSync(root).sort()).toEqual([...kept, 'proxy-conformance-fixtures'].sort());
  expect(readdirSync(cache).sort()).toEqual(['abc123', `abc123.partial-${alive}-1700000000000`]);
});
