// Starting up: open the database, migrate it, sync the shipped geography, and build the services.
import { createDb, databaseTargetFor, type Db } from './db/database.js'
import { migrateToLatest } from './db/migrate.js'
import { syncAreas } from './db/repositories/area.repository.js'
import type { Config } from './config.js'
import { loadGeography } from './reference/geography.js'
import { syncShippedFrameworks } from './services/sv-framework.service.js'
import { createServices, type ServiceOptions, type Services } from './services.js'

export type Runtime = { db: Db; services: Services; close: () => Promise<void> }

/** Opens the configured database, brings its schema and reference data up to date, and builds the services. */
export async function boot(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'publicUrl' | 'smtpUrl' | 'mailFrom'> &
    Partial<Pick<Config, 'ocidPrefix' | 'ocdsPublicationPolicy'>>,
  overrides: Partial<ServiceOptions> = {},
): Promise<Runtime> {
  const db = overrides.db ?? createDb(databaseTargetFor(config))
  try {
    await migrateToLatest(db)
    const geography = loadGeography()
    await syncAreas(db, geography)
    await syncShippedFrameworks(db)
    const services = createServices({
      db,
      geography,
      publicUrl: config.publicUrl,
      smtpUrl: config.smtpUrl,
      mailFrom: config.mailFrom,
      ocds: { ocidPrefix: config.ocidPrefix, publicationPolicy: config.ocdsPublicationPolicy },
      ...overrides,
    })
    return { db, services, close: () => db.destroy() }
  } catch (error) {
    await db.destroy()
    throw error
  }
}
