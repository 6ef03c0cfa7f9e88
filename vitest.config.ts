import { defineConfig } from 'vitest/config';
import { SlowestFirst } from './harness/test-support/slowest-first.js';

export default defineConfig({
  test: {
    include: ['harness/**/*.test.ts'],
    // Tests spawn real implementations and wait on real deadlines; these bounds only catch a test
    // that is stuck, so they sit far above a loaded machine's slowness (the registry cases against
    // skopeo, 50 s on a quiet machine, passed 120 s at load 14), and no test sets a lower one.
    // test-support/stuck.ts bounds a test's child processes a little below.
    testTimeout: 900_000,
    hookTimeout: 900_000,
    // Most test files wait (on processes, on deadlines) far more than they compute: four files at
    // once even on two cores, where vitest's default (CPUs - 1) would run them one after another.
    // With three, a fresh-clone run left the cores idle 17 % of its 365 s; with four, 3 % of 345 s.
    maxWorkers: 4,
    sequence: { sequencer: SlowestFirst },
  },
});
