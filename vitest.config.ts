import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The reliability suite has its own command (npm run test:reliability).
    exclude: [...configDefaults.exclude, 'test/reliability/**'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 20_000,
  },
});
