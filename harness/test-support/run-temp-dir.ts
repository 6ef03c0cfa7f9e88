// A temp dir of a CLI run's own, given to it as TMPDIR so that its processes and leftovers are told
// apart from other tests', which shares the fixture cache of this machine's temp dir: the fixtures
// are built once for the test run, not once per such test.
import { symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { buildFixtures } from '../images/build-fixtures.js';

/** The cache's name under TMPDIR, which leftover checks leave out. */
export const FIXTURE_CACHE = 'proxy-conformance-fixtures';

/** Makes `tmp` (an empty dir of the test's) share the fixture cache, and returns it. */
export async function withSharedFixtures(tmp: string): Promise<string> {
  await buildFixtures();
  await symlink(path.join(os.tmpdir(), FIXTURE_CACHE), path.join(tmp, FIXTURE_CACHE));
  return tmp;
}

/** Makes `tmp` hold a fixture cache of its own (hard links to the shared one's files), for a test that removes it. */
export async function withOwnFixtures(tmp: string): Promise<string> {
  await buildFixtures();
  await execa('cp', ['-al', path.join(os.tmpdir(), FIXTURE_CACHE), path.join(tmp, FIXTURE_CACHE)]);
  return tmp;
}
