import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
    // Builds first: worker threads and the spawned CLI run dist/, which must be the source under test.
    globalSetup: ['test/global-setup.ts'],
    // Tests (and the binaries they spawn) never write the user's compiled-lexicon cache; its own tests pass a folder.
    env: { HARMLEX_LEXICON_CACHE: 'off' },
  },
});
