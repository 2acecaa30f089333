import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    // Real netmiko/Ansible/TextFSM clients need Debian packages (npm run test:clients); the Python
    // requests example needs python3 with requests (npm run test:python).
    exclude: ['test/clients/**', 'test/python/**', 'node_modules/**'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 20_000,
  },
});
