// Where a server run's sessions run: the built-in reference proxy on its stdin in session hosts, any
// other implementation, the reference proxy on fd N and every --coverage run in a process each.
import { withDir } from 'tmp-promise';
import { describe, expect, test } from 'vitest';
import { ProcessCoverageDirs } from '../../coverage/process-dirs.js';
import { makeLaunchSpec, referenceProxyTarget } from '../../launch/resolve-target.js';
import { sessionProcessesFor } from './server-driver.js';
import { MINI_PROXY } from '../../test-support/paths.js';

describe('a server run\'s sessions', () => {
  test('of the reference proxy on stdin run in session hosts, one per job', async () => {
    await withDir(async ({ path: dir }) => {
      const { processes, hosts } = sessionProcessesFor(await makeLaunchSpec(referenceProxyTarget(), dir), 2, undefined);
      expect(hosts).toBeDefined();
      expect(processes.resources.hosts).toBe(hosts);
      await hosts?.close();
    }, { unsafeCleanup: true });
  });

  test.each([
    ['the reference proxy on fd 3', { ...referenceProxyTarget(), sockfd: 3 }, false],
    ['the reference proxy under --coverage', referenceProxyTarget(), true],
    ['another implementation', { impl: MINI_PROXY, args: [], executable: MINI_PROXY, label: 'mini', found: 'given' as const }, false],
  ])('of %s run in a process each', async (_what, target, coverage) => {
    await withDir(async ({ path: dir }) => {
      const { processes, hosts } = sessionProcessesFor(await makeLaunchSpec(target, dir), 2, coverage ? new ProcessCoverageDirs(dir) : undefined);
      expect(hosts).toBeUndefined();
      expect(processes.resources.hosts).toBeUndefined();
    }, { unsafeCleanup: true });
  });
});
