import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * The files that take a minute or so, heaviest first. A fresh clone has no record of durations,
 * so vitest would order files by size, and a short file that runs long (the mutation score, the
 * skopeo Go client) would start last and finish alone. Started first, they overlap everything else.
 */
const HEAVY_FIRST = [
  'harness/cli/cli.test.ts',
  'harness/client/client-mode.test.ts',
  'harness/mutation/mutation-score.test.ts',
  'harness/client/skopeo-go-client.test.ts',
  'harness/cli/registry.test.ts',
  'harness/fixtures/skopeo-crosscheck.test.ts',
];

class HeavyFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const at = HEAVY_FIRST.findIndex((heavy) => file.moduleId.endsWith(heavy));
      return at < 0 ? HEAVY_FIRST.length : at;
    };
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ['harness/**/*.test.ts'],
    // Tests spawn real implementations and wait on real deadlines.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Most test files wait (on processes, on deadlines) far more than they compute: three files at
    // once even on two cores, where vitest's default (CPUs - 1) would run them one after another.
    maxWorkers: 3,
    sequence: { sequencer: HeavyFirst },
  },
});
