import { defineConfig } from 'vitest/config';

// Projects (the rule for each: docs/testing.md):
// - unit: in-process only. No socket, no child process: test/helpers/unit-guard.ts makes
//   net.Server#listen and child_process throw, so a file that needs either fails here loudly.
// - integration: *.integration.test.ts: node:http servers on port 0, in-process sandboxes,
//   spawned binaries; no wiki needed.
// - contract: the Wiki.js suite; runs against an in-process sandbox, or against a real
//   Wiki.js when WIKIJS_URL + WIKIJS_TOKEN are set (same files, unchanged).
// - mediawiki: the real MediaWiki 1.39 started by scripts/mediawiki-start.sh; a globalSetup
//   prints one loud banner and skips the project when it cannot be started.
export default defineConfig({
  test: {
    restoreMocks: true,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [
            'test/contract/**',
            'test/e2e/**',
            'test/**/*.integration.test.ts',
            'test/faults/**/*.contract.test.ts',
            'test/faults/**/*.mediawiki.test.ts',
          ],
          setupFiles: ['test/helpers/unit-guard.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.integration.test.ts'],
          exclude: ['test/contract/**', 'test/e2e/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'contract',
          include: ['test/contract/wikijs/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/faults/**/*.contract.test.ts'],
          // A real Wiki.js renders every write in a spawned worker process (seconds per page).
          ...(process.env['WIKIJS_URL'] && process.env['WIKIJS_TOKEN'] ? { testTimeout: 120_000 } : {}),
          exclude: ['test/contract/wikijs/coverage.test.ts', 'test/contract/wikijs/**/*.exclusive.test.ts'],
          // Starts the wire log the coverage project below reads (test/helpers/wikijs-wire.ts).
          globalSetup: ['test/contract/wikijs/wire-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          // Files that change what every page write on the wiki does (an enabled storage target):
          // they run after the contract project, one at a time, with the wiki to themselves.
          name: 'contract-exclusive',
          include: ['test/contract/wikijs/**/*.exclusive.test.ts'],
          ...(process.env['WIKIJS_URL'] && process.env['WIKIJS_TOKEN'] ? { testTimeout: 120_000 } : {}),
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          // Counts the Wiki.js API fields the contract projects served on the wire: runs after them.
          name: 'wikijs-coverage',
          include: ['test/contract/wikijs/coverage.test.ts'],
          sequence: { groupOrder: 2 },
        },
      },
      {
        extends: true,
        test: {
          name: 'mediawiki',
          include: ['test/contract/mediawiki/**/*.test.ts', 'test/faults/**/*.mediawiki.test.ts'],
          globalSetup: ['test/helpers/mediawiki-global-setup.ts'],
          // One php -S worker serialises requests: run these files one at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
