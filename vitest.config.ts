// Three projects: unit (no database), and the integration tests twice, on PGlite and on PostgreSQL.
// `npx vitest run --project unit|pglite|postgres [filter]`; browser tests have their own config (e2e/vitest.config.ts).
import { configDefaults, defineConfig } from 'vitest/config'

const unitTests = ['src/domain/**/*.test.ts', 'src/**/*.unit.test.ts']
const integrationTests = ['src/**/*.test.ts', 'test/**/*.test.ts']
const exclude = [...configDefaults.exclude, 'e2e/**', 'data/**', 'screenshots/**', 'coverage/**', '.tmp/**']

const databaseTimeouts = { testTimeout: 30_000, hookTimeout: 30_000 }
// Run on one database only, to keep the whole CI run within its 20 minutes: the route × role matrix (what each role
// may open does not depend on the database) on PostgreSQL, and the command-line tests (which start the command in a
// process, on the embedded database people run it on by default) on PGlite. The services under both run on each.
const postgresOnly = ['test/route-access.test.ts']
const pgliteOnly = [
  'test/cli.test.ts',
  'test/sv-cli.test.ts',
  'test/suppliers-cli.test.ts',
  'src/cli/commands/reference.test.ts',
]

export default defineConfig({
  test: {
    // Two cores: at most two test files at once, each in its own process (PGlite's WASM and argon2 are native-ish).
    pool: 'forks',
    maxWorkers: 2,
    minWorkers: 1,
    exclude,
    teardownTimeout: 30_000,
    projects: [
      {
        extends: true,
        // Some unit tests read the real files in ../shared/data (hundreds of thousands of rows): seconds, more on a
        // busy machine.
        test: { name: 'unit', include: unitTests, testTimeout: 60_000 },
      },
      {
        extends: true,
        test: {
          name: 'pglite',
          include: integrationTests,
          exclude: [...exclude, ...unitTests, ...postgresOnly],
          env: { CWB_TEST_DB: 'pglite' },
          ...databaseTimeouts,
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: integrationTests,
          exclude: [...exclude, ...unitTests, ...pgliteOnly],
          env: { CWB_TEST_DB: 'postgres' },
          globalSetup: ['./test/global-setup-postgres.ts'],
          ...databaseTimeouts,
        },
      },
    ],
  },
})
