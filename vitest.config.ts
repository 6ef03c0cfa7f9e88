import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['harness/**/*.test.ts'],
    // Tests spawn real implementations and wait on real deadlines.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Most test files wait (on processes, on deadlines) far more than they compute: three files at
    // once even on two cores, where vitest's default (CPUs - 1) would run them one after another.
    maxWorkers: 3,
  },
});
