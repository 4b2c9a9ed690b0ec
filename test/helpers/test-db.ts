// A fresh, migrated database per test file (or per test): in-memory PGlite by default, a new database on the test
// PostgreSQL server when CWB_TEST_DB=postgres (the `postgres` vitest project sets it).
import { inject } from 'vitest'
import { createDb, type Db } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { databaseUrl, quoteIdent, randomId, withAdminClient, type PostgresTestServer } from './postgres-cluster.js'

export type TestDbKind = 'pglite' | 'postgres'

export interface TestDb {
  db: Db
  /** Closes the connection and, on PostgreSQL, drops the database. Safe to call twice. */
  destroy: () => Promise<void>
  kind: TestDbKind
}

/** Which database the tests in this worker use, from CWB_TEST_DB (default pglite). */
export function testDbKind(): TestDbKind {
  const kind = process.env.CWB_TEST_DB ?? 'pglite'
  if (kind !== 'pglite' && kind !== 'postgres') throw new Error(`CWB_TEST_DB must be pglite or postgres, not ${kind}`)
  return kind
}

let counter = 0
const workerId = `${process.pid}_${randomId(2)}`

function postgresServer(): PostgresTestServer {
  const provided = inject('cwbPostgres')
  if (provided) return provided
  // Run without the postgres project's global setup: use DATABASE_URL and migrate each database.
  const adminUrl = process.env.DATABASE_URL
  if (!adminUrl) {
    throw new Error(
      'CWB_TEST_DB=postgres needs the postgres vitest project (npx vitest --project postgres) or DATABASE_URL',
    )
  }
  return { adminUrl, template: '', databasePrefix: `cwb_test_${randomId()}_` }
}

/**
 * Creates a fresh, migrated database. Call `destroy()` when done (e.g. in afterAll).
 *
 * ```ts
 * let testDb: TestDb
 * beforeAll(async () => (testDb = await createTestDb()))
 * afterAll(() => testDb.destroy())
 * ```
 */
export async function createTestDb(): Promise<TestDb> {
  const kind = testDbKind()
  if (kind === 'pglite') {
    const db = createDb({ kind: 'pglite-memory' })
    try {
      await migrateToLatest(db)
    } catch (error) {
      await db.destroy()
      throw error
    }
    let destroyed = false
    return {
      db,
      kind,
      destroy: async () => {
        if (destroyed) return
        destroyed = true
        await db.destroy()
      },
    }
  }

  const { adminUrl, template, databasePrefix } = postgresServer()
  const name = `${databasePrefix}${workerId}_${++counter}`
  const dropDatabase = () =>
    withAdminClient(adminUrl, (client) => client.query(`drop database if exists ${quoteIdent(name)} with (force)`))
  await withAdminClient(adminUrl, (client) =>
    client.query(`create database ${quoteIdent(name)}${template ? ` template ${quoteIdent(template)}` : ''}`),
  )
  const db = createDb({ kind: 'postgres', url: databaseUrl(adminUrl, name), poolSize: 4 })
  if (!template) {
    try {
      await migrateToLatest(db)
    } catch (error) {
      await db.destroy()
      await dropDatabase()
      throw error
    }
  }
  let destroyed = false
  return {
    db,
    kind,
    destroy: async () => {
      if (destroyed) return
      destroyed = true
      try {
        await db.destroy()
      } finally {
        await dropDatabase()
      }
    },
  }
}
