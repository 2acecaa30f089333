import { defineConfig } from 'vitest/config';

/** Browser tests (npm run test:e2e): Debian's Chromium driven by playwright-core; not part of npm test. */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
