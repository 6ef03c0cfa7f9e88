// The first checks hold for every positive fixture in every transport skopeo reads, docker://
// included (through a real registry on loopback, marked insecure because it speaks plain HTTP).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dir as makeTempDir, type DirectoryResult } from 'tmp-promise';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CHECKS } from '../checks/index.js';
import { resolveConfig } from '../config.js';
import { buildFixtures, TRANSPORT_NAMES, type FixtureSet } from '../images/index.js';
import { startRegistry } from '../registry/start-registry.js';
import type { LaunchSpec } from '../launch/implementation.js';
import { makeSkopeoArgs, writePermissivePolicy } from '../launch/skopeo.js';
import { requireSkopeo } from '../test-support/skopeo.js';
import { toSuiteImage } from '../images/suite-images.js';
import { runSuite } from './run-suite.js';

let temp: DirectoryResult;
let registry: Awaited<ReturnType<typeof startRegistry>>;
let set: FixtureSet;
let spec: LaunchSpec;

beforeAll(async () => {
  const skopeo = requireSkopeo();
  temp = await makeTempDir({ prefix: 'proxy-conformance-test-', unsafeCleanup: true });
  registry = await startRegistry();
  set = await buildFixtures({ registry, transports: [...TRANSPORT_NAMES] });
  const registriesConf = path.join(temp.path, 'registries.conf');
  await writeFile(registriesConf, `[[registry]]\nlocation = "${registry.host}"\ninsecure = true\n`);
  spec = {
    executable: skopeo,
    args: makeSkopeoArgs(await writePermissivePolicy(temp.path), ['--registries-conf', registriesConf]),
    socket: { kind: 'stdin' },
  };
});

afterAll(async () => {
  await registry?.stop();
  await temp?.cleanup();
});

describe('the first checks against skopeo on every positive fixture × transport', () => {
  test('every transport has at least one positive fixture', () => {
    const transports = new Set(set.images.filter((i) => i.positive && i.expected).map((i) => i.transport));
    expect([...transports].sort()).toEqual([...TRANSPORT_NAMES].sort());
  });

  test('all checks pass on each', async () => {
    const failures: string[] = [];
    let runs = 0;
    for (const image of set.images.filter((i) => i.positive && i.expected)) {
      const run = await runSuite({
        spec,
        checks: CHECKS,
        images: { simple: await toSuiteImage(image) },
        config: resolveConfig(),
        signal: new AbortController().signal,
      });
      runs++;
      for (const r of run.results) {
        if (r.verdict.status !== 'pass') failures.push(`${image.id} ${r.id}: ${'message' in r.verdict ? r.verdict.message : r.verdict.status}`);
      }
    }
    expect(failures).toEqual([]);
    expect(runs).toBeGreaterThanOrEqual(20);
  });
});
