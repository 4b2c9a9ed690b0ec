// Browser tests: `npx vitest run --config e2e/vitest.config.ts`. One file at a time in a single process, because
// each file starts an app and a Chromium, which between them keep both of the CI machine's cores busy.
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
    poolOptions: { forks: { singleFork: true } },
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
  },
})
