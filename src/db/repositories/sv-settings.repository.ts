// Per-organisation social value settings (framework in use, when returns are due, RAG thresholds) and the record
// of reminders sent about returns.
import type { Db } from '../database.js'

export type SvSettings = {
  frameworkId: string | null
  dueDays: number
  reminderDaysBefore: number
  greenPercent: number
  amberPercent: number
}

export const DEFAULT_SV_SETTINGS: SvSettings = {
  frameworkId: null,
  dueDays: 30,
  reminderDaysBefore: 14,
  greenPercent: 100,
  amberPercent: 75,
}

export async function findSvSettings(db: Db, organisationId: string): Promise<SvSettings> {
  const row = await db
    .selectFrom('sv_settings')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst()
  if (!row) return { ...DEFAULT_SV_SETTINGS }
  return {
    frameworkId: row.framework_id,
    dueDays: row.due_days,
    reminderDaysBefore: row.reminder_days_before,
    greenPercent: row.green_percent,
    amberPercent: row.amber_percent,
  }
}

export async function saveSvSettings(db: Db, organisationId: string, s: SvSettings): Promise<void> {
  const values = {
    framework_id: s.frameworkId,
    due_days: s.dueDays,
    reminder_days_before: s.reminderDaysBefore,
    green_percent: s.greenPercent,
    amber_percent: s.amberPercent,
    updated_at: new Date(),
  }
  await db
    .insertInto('sv_settings')
    .values({ organisation_id: organisationId, ...values })
    .onConflict((oc) => oc.column('organisation_id').doUpdateSet(values))
    .execute()
}

/** Commitments whose period ended between two dates with no return yet, with the contract's supplier users. */
export async function listCommitmentsAwaitingReturn(
  db: Db,
  range: { endedFrom: string; endedTo: string; organisationId?: string },
) {
  let q = db
    .selectFrom('sv_commitment as c')
    .innerJoin('contract as k', 'k.id', 'c.contract_id')
    .innerJoin('sv_measure as m', 'm.id', 'c.measure_id')
    .select([
      'c.id',
      'c.organisation_id',
      'c.contract_id',
      'k.reference',
      'k.title',
      'm.code as measure_code',
      'm.name as measure_name',
      'c.period_start',
      'c.period_end',
    ])
    .where('c.period_end', '>=', range.endedFrom)
    .where('c.period_end', '<=', range.endedTo)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('sv_return as r')
            .whereRef('r.contract_id', '=', 'c.contract_id')
            .whereRef('r.measure_id', '=', 'c.measure_id')
            .whereRef('r.period_start', '>=', 'c.period_start')
            .whereRef('r.period_end', '<=', 'c.period_end')
            .select('r.id'),
        ),
      ),
    )
  if (range.organisationId) q = q.where('c.organisation_id', '=', range.organisationId)
  return q.orderBy('c.period_end').orderBy('k.reference').orderBy('m.code').execute()
}

/** Email addresses of the people who act for a contract's suppliers (active accounts only). */
export async function supplierEmailsOfContract(db: Db, contractId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('contract_supplier as cs')
    .innerJoin('membership as ms', 'ms.supplier_id', 'cs.supplier_id')
    .innerJoin('app_user as u', 'u.id', 'ms.user_id')
    .select('u.email')
    .distinct()
    .where('cs.contract_id', '=', contractId)
    .where('ms.role', '=', 'supplier')
    .where('u.disabled_at', 'is', null)
    .orderBy('u.email')
    .execute()
  return rows.map((r) => r.email)
}

/** Claims a reminder before sending it; false when it was already sent (so it goes once). */
export async function claimSvReminder(
  db: Db,
  key: { commitmentId: string; kind: 'before' | 'after'; dueDate: string },
  sentTo: string,
  now: Date,
): Promise<boolean> {
  const row = await db
    .insertInto('sv_reminder')
    .values({ commitment_id: key.commitmentId, kind: key.kind, due_date: key.dueDate, sent_to: sentTo, sent_at: now })
    .onConflict((oc) => oc.columns(['commitment_id', 'kind', 'due_date']).doNothing())
    .returning('commitment_id')
    .executeTakeFirst()
  return row !== undefined
}

export async function releaseSvReminder(
  db: Db,
  key: { commitmentId: string; kind: 'before' | 'after'; dueDate: string },
) {
  await db
    .deleteFrom('sv_reminder')
    .where('commitment_id', '=', key.commitmentId)
    .where('kind', '=', key.kind)
    .where('due_date', '=', key.dueDate)
    .execute()
}

export async function listAllSvSettings(db: Db): Promise<Map<string, SvSettings>> {
  const rows = await db.selectFrom('sv_settings').selectAll().execute()
  return new Map(
    rows.map((r) => [
      r.organisation_id,
      {
        frameworkId: r.framework_id,
        dueDays: r.due_days,
        reminderDaysBefore: r.reminder_days_before,
        greenPercent: r.green_percent,
        amberPercent: r.amber_percent,
      },
    ]),
  )
}
