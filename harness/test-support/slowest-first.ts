// The order vitest starts test files in: the slowest first, by the seconds each took in a
// fresh-clone `npm test` on a quiet two-core machine (file-seconds.json, files of 5 s or more), so
// that no long file starts last and runs alone at the end. vitest's own order needs the durations of
// an earlier run on the same machine, which a fresh clone lacks: it then starts the largest files
// first, and the slowest files here are among the smallest. Files the table does not name follow,
// in vitest's order. Refresh the table from a run's per-file times when they move much.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Relative to the project root: the config that loads this module is bundled elsewhere. */
const TABLE = 'harness/test-support/file-seconds.json';

export class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const { seconds } = JSON.parse(readFileSync(path.join(root, TABLE), 'utf8')) as { seconds: Record<string, number> };
    const known = (file: TestSpecification) => seconds[path.relative(root, file.moduleId)] ?? 0;
    const rest = await super.sort(files.filter((f) => known(f) === 0));
    return [...files.filter((f) => known(f) > 0).sort((a, b) => known(b) - known(a)), ...rest];
  }
}
