import { defineConfig } from 'vitest/config';

/** npm run test:reliability: real server processes, races, crashes, fuzzing, security and a soak. */
export default defineConfig({
  test: {
    // The in-process attack reproductions of the security review run here too, beside the process-level ones.
    include: ['test/reliability/**/*.test.ts', 'test/http/attacks.test.ts', 'test/ssh/attacks.test.ts'],
    environment: 'node',
    pool: 'forks',
    // One file at a time: each one loads the machine on purpose and measures what it does.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    globalSetup: ['test/reliability/support/global-setup.ts'],
  },
});
