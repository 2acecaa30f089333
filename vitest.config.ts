import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  // The examples import the package by name, as a consumer would; here that name is the source.
  resolve: { alias: { 'license-portal-sim': fileURLToPath(new URL('./src/index.ts', import.meta.url)) } },
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    // Tests needing system packages run in their own scripts: Chromium (npm run test:e2e), Debian's
    // netmiko/Ansible/TextFSM (npm run test:clients), python3 with requests (npm run test:python);
    // the reliability suite has its own command (npm run test:reliability).
    exclude: [...configDefaults.exclude, 'test/e2e/**', 'test/clients/**', 'test/python/**', 'test/reliability/**'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 20_000,
  },
});
