import { Migrator, type MigrationResult } from 'kysely'
import type { Db } from './database.js'
import { migrations } from './migrations/index.js'

export class MigrationError extends Error {}

/** Applies every pending migration. Safe to call on every boot and from several processes. */
export async function migrateToLatest(db: Db): Promise<MigrationResult[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } })
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')
    throw new MigrationError(
      `Migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
  return results ?? []
}
