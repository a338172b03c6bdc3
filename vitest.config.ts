import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'migrations/**/*.test.ts'],
    // Tests run the TypeScript sources; this only builds the CLI bundle the spawning tests run.
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PGlite instances are heavy (a WASM Postgres each); two workers fit a 2-core machine.
    pool: 'forks',
    maxWorkers: 2,
  },
});
