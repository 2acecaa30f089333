import { defineConfig } from 'vitest/config';

/** npm run test:package: pack, install the tarball in a temporary project, run it (minutes, not in npm test). */
export default defineConfig({
  test: {
    include: ['test/package/**/*.pkgtest.ts'],
    environment: 'node',
    testTimeout: 900_000,
    hookTimeout: 900_000,
  },
});
