// Opens the database: embedded PGlite by default, PostgreSQL when a URL is given. Only db/ imports the drivers.
import fs from 'node:fs'
import path from 'node:path'
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite'
import { Kysely, PostgresDialect, type Dialect } from 'kysely'
import pg from 'pg'
import { PGliteDialect } from './pglite-dialect.js'
import type { Database } from './schema.js'

export type DatabaseTarget =
  { kind: 'postgres'; url: string; poolSize?: number } | { kind: 'pglite'; dataDir: string } | { kind: 'pglite-memory' }

export type Db = Kysely<Database>

const PG_DATE_OID = 1082
const PG_INT8_OID = 20
const PG_NUMERIC_OID = 1700

// Dates stay 'YYYY-MM-DD' strings (a payment date is a calendar day, not an instant in a time zone);
// bigint counts become numbers (they stay far below 2^53); numeric stays a decimal string for exact money.
const asString = (value: string) => value
const asNumber = (value: string) => Number(value)

function postgresDialect(url: string, poolSize = 10): Dialect {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === PG_DATE_OID || oid === PG_NUMERIC_OID) return asString
        if (oid === PG_INT8_OID) return asNumber
        return pg.types.getTypeParser(oid, format)
      }) as typeof pg.types.getTypeParser,
    },
  })
  // An idle pooled connection can be ended by the server (a restart, a failover, an administrator). node-postgres
  // then emits 'error' on the pool; without a listener that is an uncaught exception that stops the process. The pool
  // drops the broken client and opens a new one on the next query, so there is nothing more to do here.
  pool.on('error', () => undefined)
  return new PostgresDialect({ pool })
}

const pgliteParsers = {
  [pgliteTypes.DATE]: asString,
  [pgliteTypes.INT8]: asNumber,
  [pgliteTypes.NUMERIC]: asString,
}

function pgliteDialect(dataDir: string | undefined): Dialect {
  if (dataDir) fs.mkdirSync(path.resolve(dataDir), { recursive: true })
  return new PGliteDialect(new PGlite(dataDir ? path.resolve(dataDir) : undefined), pgliteParsers)
}

/** Creates the Kysely instance for a target. Call `db.destroy()` to close it. */
export function createDb(target: DatabaseTarget): Db {
  const dialect =
    target.kind === 'postgres'
      ? postgresDialect(target.url, target.poolSize)
      : pgliteDialect(target.kind === 'pglite' ? target.dataDir : undefined)
  return new Kysely<Database>({ dialect })
}

/** The database a configuration points at. */
export function databaseTargetFor(config: { databaseUrl: string | undefined; dataDir: string }): DatabaseTarget {
  return config.databaseUrl
    ? { kind: 'postgres', url: config.databaseUrl }
    : { kind: 'pglite', dataDir: path.join(config.dataDir, 'pglite') }
}
