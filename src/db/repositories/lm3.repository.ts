// LM3 survey answers, and the payments (R1) they are weighed by.
import { sql } from 'kysely'
import type { Lm3Shares } from '../../domain/spend/lm3.js'
import type { Db } from '../database.js'

export type Lm3Response = {
  id: string
  organisationId: string
  supplierId: string
  periodStart: string
  periodEnd: string
  shares: Lm3Shares
  submittedBy: string | null
}

export type Lm3Key = { organisationId: string; supplierId: string; periodStart: string; periodEnd: string }

type ResponseRow = {
  id: string
  organisation_id: string
  supplier_id: string
  period_start: string
  period_end: string
  local_supplier_share: string
  staff_cost_share: string
  local_staff_share: string
  submitted_by: string | null
}

function responseFromRow(r: ResponseRow): Lm3Response {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    supplierId: r.supplier_id,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    shares: {
      localSupplierShare: r.local_supplier_share,
      staffCostShare: r.staff_cost_share,
      localStaffShare: r.local_staff_share,
    },
    submittedBy: r.submitted_by,
  }
}

const COLUMNS = [
  'id',
  'organisation_id',
  'supplier_id',
  'period_start',
  'period_end',
  'local_supplier_share',
  'staff_cost_share',
  'local_staff_share',
  'submitted_by',
] as const

/** The same columns read through the alias `r`, for queries that join another table. */
const ALIASED_COLUMNS = [
  'r.id',
  'r.organisation_id',
  'r.supplier_id',
  'r.period_start',
  'r.period_end',
  'r.local_supplier_share',
  'r.staff_cost_share',
  'r.local_staff_share',
  'r.submitted_by',
] as const

export async function findLm3Response(db: Db, key: Lm3Key): Promise<Lm3Response | undefined> {
  const row = await db
    .selectFrom('lm3_response')
    .select(COLUMNS)
    .where('organisation_id', '=', key.organisationId)
    .where('supplier_id', '=', key.supplierId)
    .where('period_start', '=', key.periodStart)
    .where('period_end', '=', key.periodEnd)
    .executeTakeFirst()
  return row && responseFromRow(row)
}

/** Inserts or replaces the answer for one organisation, supplier and period. */
export async function upsertLm3Response(
  db: Db,
  key: Lm3Key,
  shares: Lm3Shares,
  submittedBy: string | null,
): Promise<Lm3Response> {
  const values = {
    local_supplier_share: shares.localSupplierShare,
    staff_cost_share: shares.staffCostShare,
    local_staff_share: shares.localStaffShare,
    submitted_by: submittedBy,
  }
  const row = await db
    .insertInto('lm3_response')
    .values({
      organisation_id: key.organisationId,
      supplier_id: key.supplierId,
      period_start: key.periodStart,
      period_end: key.periodEnd,
      ...values,
    })
    .onConflict((oc) =>
      oc.columns(['organisation_id', 'supplier_id', 'period_start', 'period_end']).doUpdateSet(values),
    )
    .returning(COLUMNS)
    .executeTakeFirstOrThrow()
  return responseFromRow(row)
}

/** A supplier's answers, newest period first, with the organisations' names. */
export async function listLm3ResponsesOfSupplier(
  db: Db,
  supplierId: string,
): Promise<(Lm3Response & { organisationName: string })[]> {
  const rows = await db
    .selectFrom('lm3_response as r')
    .innerJoin('organisation as o', 'o.id', 'r.organisation_id')
    .select([...ALIASED_COLUMNS, 'o.name as organisation_name'])
    .where('r.supplier_id', '=', supplierId)
    .orderBy('r.period_start', 'desc')
    .orderBy('o.name')
    .execute()
  return rows.map((r) => ({ ...responseFromRow(r), organisationName: r.organisation_name }))
}

/** The organisations that have paid a supplier, and the financial years (by start year) in which they did. */
export async function listPayersOfSupplier(
  db: Db,
  supplierId: string,
): Promise<{ organisationId: string; organisationName: string; startYears: number[] }[]> {
  const rows = await db
    .selectFrom('payment as p')
    .innerJoin('organisation as o', 'o.id', 'p.organisation_id')
    .select([
      'o.id',
      'o.name',
      // The financial year starts in April: shift back three months and read the calendar year.
      sql<number>`extract(year from p.payment_date - interval '3 months')::int`.as('start_year'),
    ])
    .where('p.supplier_id', '=', supplierId)
    .groupBy(['o.id', 'o.name', 'start_year'])
    .orderBy('o.name')
    .orderBy('start_year', 'desc')
    .execute()
  const byOrganisation = new Map<string, { organisationId: string; organisationName: string; startYears: number[] }>()
  for (const r of rows) {
    const entry = byOrganisation.get(r.id) ?? { organisationId: r.id, organisationName: r.name, startYears: [] }
    entry.startYears.push(Number(r.start_year))
    byOrganisation.set(r.id, entry)
  }
  return [...byOrganisation.values()]
}

export type Lm3ReportRow = Lm3Response & { supplierName: string; r1: string }

/**
 * The answers for an organisation whose period overlaps [from, to], each with R1: the net sum of the organisation's
 * payments to the supplier within both the answer's period and [from, to]. Largest R1 first.
 */
export async function listLm3ForReport(
  db: Db,
  organisationId: string,
  range: { from: string; to: string },
): Promise<Lm3ReportRow[]> {
  const rows = await db
    .selectFrom('lm3_response as r')
    .innerJoin('supplier as s', 's.id', 'r.supplier_id')
    .select([
      ...ALIASED_COLUMNS,
      's.name as supplier_name',
      sql<string>`coalesce((
        select sum(p.amount) from payment p
        where p.organisation_id = r.organisation_id and p.supplier_id = r.supplier_id
          and p.payment_date between greatest(r.period_start, ${range.from}::date)
            and least(r.period_end, ${range.to}::date)
      ), 0)::numeric(18, 2)::text`.as('r1'),
    ])
    .where('r.organisation_id', '=', organisationId)
    .where('r.period_start', '<=', range.to)
    .where('r.period_end', '>=', range.from)
    .execute()
  return rows
    .map((r) => ({ ...responseFromRow(r), supplierName: r.supplier_name, r1: r.r1 }))
    .sort((a, b) => Number(b.r1) - Number(a.r1) || a.supplierName.localeCompare(b.supplierName))
}

/** How many suppliers an organisation paid in [from, to], and the net total it paid them. */
export async function paidSuppliersTotal(
  db: Db,
  organisationId: string,
  range: { from: string; to: string },
): Promise<{ suppliers: number; amount: string }> {
  const row = await db
    .selectFrom('payment')
    .select([
      sql<number>`count(distinct supplier_id)::int`.as('suppliers'),
      sql<string>`coalesce(sum(amount), 0)::numeric(18, 2)::text`.as('amount'),
    ])
    .where('organisation_id', '=', organisationId)
    .where('supplier_id', 'is not', null)
    .where('payment_date', '>=', range.from)
    .where('payment_date', '<=', range.to)
    .executeTakeFirstOrThrow()
  return { suppliers: Number(row.suppliers), amount: row.amount }
}

/** Whether an organisation has ever paid a supplier. */
export async function hasPaid(db: Db, organisationId: string, supplierId: string): Promise<boolean> {
  const row = await db
    .selectFrom('payment')
    .select(sql<number>`1`.as('one'))
    .where('organisation_id', '=', organisationId)
    .where('supplier_id', '=', supplierId)
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

/** The financial years (by start year, newest first) in which an organisation made payments. */
export async function listPaymentYears(db: Db, organisationId: string): Promise<number[]> {
  const rows = await db
    .selectFrom('payment')
    .select(sql<number>`extract(year from payment_date - interval '3 months')::int`.as('start_year'))
    .where('organisation_id', '=', organisationId)
    .groupBy('start_year')
    .orderBy('start_year', 'desc')
    .execute()
  return rows.map((r) => Number(r.start_year))
}
