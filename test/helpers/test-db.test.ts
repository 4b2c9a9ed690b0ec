// Runs in both integration projects: pglite (in-memory PGlite) and postgres (a database copied from the template).
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb, testDbKind, type TestDb } from './test-db.js'

describe('createTestDb', () => {
  let testDb: TestDb

  beforeAll(async () => {
    testDb = await createTestDb()
  })

  afterAll(async () => {
    await testDb.destroy()
  })

  it('uses the database the project asks for', () => {
    expect(testDb.kind).toBe(process.env.CWB_TEST_DB ?? 'pglite')
    expect(testDb.kind).toBe(testDbKind())
  })

  it('returns a migrated database that can store and read an app setting', async () => {
    await testDb.db
      .insertInto('app_setting')
      .values({ key: 'greeting', value: JSON.stringify({ hello: 'world' }) })
      .execute()

    const row = await testDb.db
      .selectFrom('app_setting')
      .select(['key', 'value'])
      .where('key', '=', 'greeting')
      .executeTakeFirstOrThrow()

    expect(row).toEqual({ key: 'greeting', value: { hello: 'world' } })
  })

  it('returns dates as YYYY-MM-DD strings and numerics as exact decimal strings', async () => {
    const { rows } = await sql<{ day: string; amount: string }>`
      select '2024-03-01'::date as day, 12.30::numeric(16, 2) as amount
    `.execute(testDb.db)

    expect(rows).toEqual([{ day: '2024-03-01', amount: '12.30' }])
  })

  it('gives each call its own empty database, and destroy removes it', async () => {
    const other = await createTestDb()
    try {
      const settings = await other.db.selectFrom('app_setting').select('key').execute()
      expect(settings).toEqual([])
    } finally {
      await other.destroy()
    }
    await expect(other.db.selectFrom('app_setting').select('key').execute()).rejects.toThrow()
    await other.destroy()
  })
})
