// Installation-level checks on the database itself.
import { sql } from 'kysely'
import type { Db } from '../database.js'

/** Runs the cheapest query there is; rejects when the database cannot be reached. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db)
}
