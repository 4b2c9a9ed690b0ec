// Browser tests: `npx vitest run --config e2e/vitest.config.ts`. Two files at a time, each in its own process with
// its own app and Chromium: one file keeps about one core busy (the app, then the browser and axe, in turn), and the
// CI machine has two.
import { fileURLToPath } from 'node:url'
import { configDefaults, defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    name: 'e2e',
    include: ['e2e/**/*.e2e.ts'],
    exclude: [...configDefaults.exclude],
    globalSetup: ['./e2e/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    minWorkers: 1,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
  },
})
