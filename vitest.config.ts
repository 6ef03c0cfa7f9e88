import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['harness/**/*.test.ts'],
    // Tests spawn real implementations and wait on real deadlines; these bounds only catch a test
    // that is stuck, so they sit far above a loaded machine's slowness (a registry start and push in
    // a beforeAll took over 60 s beside four busy loops and other work on two cores).
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Most test files wait (on processes, on deadlines) far more than they compute: three files at
    // once even on two cores, where vitest's default (CPUs - 1) would run them one after another.
    maxWorkers: 3,
  },
});
