// Each organisation's register settings: when owners are reminded and what counts as "due soon".
import { sql } from 'kysely'
import { DEFAULT_CONTRACT_SETTINGS, type ContractSettings } from '../../domain/contracts/due.js'
import type { Db } from '../database.js'

/** The organisation's settings, or the defaults when it has never saved any. */
export async function findContractSettings(db: Db, organisationId: string): Promise<ContractSettings> {
  const row = await db
    .selectFrom('contract_settings')
    .select(['reminder_months', 'due_soon_months'])
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst()
  if (!row) return { ...DEFAULT_CONTRACT_SETTINGS, reminderMonths: [...DEFAULT_CONTRACT_SETTINGS.reminderMonths] }
  return { reminderMonths: row.reminder_months.map(Number), dueSoonMonths: Number(row.due_soon_months) }
}

/** Every organisation's settings that differ from the defaults, keyed by organisation. */
export async function listContractSettings(db: Db): Promise<Map<string, ContractSettings>> {
  const rows = await db.selectFrom('contract_settings').selectAll().execute()
  return new Map(
    rows.map((r) => [
      r.organisation_id,
      { reminderMonths: r.reminder_months.map(Number), dueSoonMonths: Number(r.due_soon_months) },
    ]),
  )
}

export async function saveContractSettings(db: Db, organisationId: string, s: ContractSettings): Promise<void> {
  await db
    .insertInto('contract_settings')
    .values({ organisation_id: organisationId, reminder_months: s.reminderMonths, due_soon_months: s.dueSoonMonths })
    .onConflict((oc) =>
      oc.column('organisation_id').doUpdateSet({
        reminder_months: s.reminderMonths,
        due_soon_months: s.dueSoonMonths,
        updated_at: sql<Date>`now()`,
      }),
    )
    .execute()
}
