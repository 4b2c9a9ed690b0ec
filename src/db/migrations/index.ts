// Every migration, in order. Names sort by their ISO-date prefix.
import type { Migration } from 'kysely'
import * as foundation from './2026-11-22T00-00-00_foundation.js'

export const migrations: Record<string, Migration> = {
  '2026-11-22T00-00-00_foundation': foundation,
}
