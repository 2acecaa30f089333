import { defineConfig } from 'vitest/config';

/** Real-client tests (npm run test:clients): need Debian's python3-textfsm, python3-netmiko and ansible. */
export default defineConfig({
  test: {
    include: ['test/clients/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
