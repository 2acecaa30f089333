import { defineConfig } from 'vitest/config';

/** Tests that need python3 (with requests): npm run test:python, not part of npm test. */
export default defineConfig({
  test: {
    include: ['test/python/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
