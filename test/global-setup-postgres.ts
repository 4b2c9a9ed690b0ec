// Global setup of the `postgres` test project: gets a server (DATABASE_URL's or a throwaway cluster), migrates a
// template database once, and provides both to the workers, where createTestDb() copies the template per test.
import type { TestProject } from 'vitest/node'
import { createDb } from '../src/db/database.js'
import { migrateToLatest } from '../src/db/migrate.js'
import {
  databaseUrl,
  quoteIdent,
  randomId,
  usePostgresServer,
  withAdminClient,
  type PostgresServer,
} from './helpers/postgres-cluster.js'

const log = (message: string) => console.log(`[postgres tests] ${message}`)

async function createTemplate(adminUrl: string, template: string): Promise<void> {
  const started = Date.now()
  await withAdminClient(adminUrl, (client) => client.query(`create database ${quoteIdent(template)}`))
  const db = createDb({ kind: 'postgres', url: databaseUrl(adminUrl, template), poolSize: 1 })
  try {
    await migrateToLatest(db)
  } finally {
    await db.destroy()
  }
  // A template must have no sessions while it is copied; forbidding connections keeps it that way.
  await withAdminClient(adminUrl, (client) =>
    client.query(`alter database ${quoteIdent(template)} with is_template true allow_connections false`),
  )
  log(`migrated template database ${template} in ${Date.now() - started} ms`)
}

async function dropDatabases(adminUrl: string, template: string, databasePrefix: string): Promise<void> {
  await withAdminClient(adminUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `select datname from pg_database where starts_with(datname, $1)`,
      [databasePrefix],
    )
    for (const { datname } of rows) await client.query(`drop database if exists ${quoteIdent(datname)} with (force)`)
    await client.query(`alter database ${quoteIdent(template)} with is_template false`).catch(() => {})
    await client.query(`drop database if exists ${quoteIdent(template)} with (force)`)
  })
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server: PostgresServer = await usePostgresServer(log)
  const runId = randomId()
  const template = `cwb_template_${runId}`
  const databasePrefix = `cwb_test_${runId}_`
  try {
    await createTemplate(server.adminUrl, template)
  } catch (error) {
    if (server.external) await dropDatabases(server.adminUrl, template, databasePrefix).catch(() => {})
    await server.stop()
    throw error
  }
  project.provide('cwbPostgres', { adminUrl: server.adminUrl, template, databasePrefix })

  return async () => {
    // A throwaway cluster is deleted whole; on a shared server, remove what this run made.
    if (server.external) await dropDatabases(server.adminUrl, template, databasePrefix)
    await server.stop()
  }
}
