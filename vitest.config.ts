import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['harness/**/*.test.ts'],
    // Tests spawn real implementations and wait on real deadlines.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
