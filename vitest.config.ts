import { defineConfig } from 'vitest/config';

// Tests run the compiled CLI as a child process (`npm test` builds first), so they are slow-ish
// and IO-bound: two forks match the machine's two cores.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'transforms/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
