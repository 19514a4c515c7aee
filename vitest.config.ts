import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: keep the worker count at the core count so suites that start
    // dynalite or Chromium do not starve each other.
    maxWorkers: 2,
    setupFiles: ['./vitest.setup.ts'],
    // Makes the test certificate authority that the local Microsoft server's TLS needs.
    globalSetup: ['./test/global-setup.ts'],
  },
});
