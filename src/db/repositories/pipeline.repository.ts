// Planned procurements (the forward pipeline). Every read and write names the organisation, so one organisation's
// people can never reach another's plans by guessing an id.
import { sql, type Selectable } from 'kysely'
import type { ValueBandId } from '../../domain/contracts/contract.js'
import { VALUE_BANDS } from '../../domain/contracts/contract.js'
import { planCategory, type Plan, type PlanDraft, type PlanStatus } from '../../domain/pipeline/plan.js'
import type { Db } from '../database.js'
import type { ProcurementPlanTable } from '../schema.js'

type PlanRow = Selectable<ProcurementPlanTable>

function planFromRow(r: PlanRow): Plan {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    reference: r.reference,
    title: r.title,
    description: r.description,
    department: r.department,
    cpvCodes: r.cpv_codes,
    category: r.category,
    estimatedValue: r.estimated_value,
    expectedAdvertDate: r.expected_advert_date,
    expectedStartDate: r.expected_start_date,
    procurementRoute: r.procurement_route,
    lots: r.lots,
    suitableForSme: r.suitable_for_sme,
    suitableForVcse: r.suitable_for_vcse,
    contactName: r.contact_name,
    contactEmail: r.contact_email,
    status: r.status,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

function columnsOf(draft: PlanDraft) {
  return {
    reference: draft.reference,
    title: draft.title,
    description: draft.description,
    department: draft.department,
    cpv_codes: draft.cpvCodes,
    category: planCategory(draft),
    estimated_value: draft.estimatedValue,
    expected_advert_date: draft.expectedAdvertDate,
    expected_start_date: draft.expectedStartDate,
    procurement_route: draft.procurementRoute,
    lots: draft.lots,
    suitable_for_sme: draft.suitableForSme,
    suitable_for_vcse: draft.suitableForVcse,
    contact_name: draft.contactName,
    contact_email: draft.contactEmail,
    status: draft.status,
  }
}

/** Adds a plan; the caller has checked the reference is free in the organisation. */
export async function insertPlan(db: Db, organisationId: string, draft: PlanDraft, userId: string | null) {
  const row = await db
    .insertInto('procurement_plan')
    .values({ organisation_id: organisationId, ...columnsOf(draft), created_by: userId, updated_by: userId })
    .returningAll()
    .executeTakeFirstOrThrow()
  return planFromRow(row)
}

/** Replaces a plan's fields; undefined when the organisation holds no such plan. */
export async function updatePlan(
  db: Db,
  organisationId: string,
  id: string,
  draft: PlanDraft,
  userId: string | null,
): Promise<Plan | undefined> {
  const row = await db
    .updateTable('procurement_plan')
    .set({ ...columnsOf(draft), updated_by: userId, updated_at: sql<Date>`now()` })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst()
  return row ? planFromRow(row) : undefined
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** One plan of an organisation (undefined for another organisation's, or an id that is not a UUID). */
export async function findPlan(db: Db, organisationId: string, id: string): Promise<Plan | undefined> {
  if (!UUID.test(id)) return undefined
  const row = await db
    .selectFrom('procurement_plan')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ? planFromRow(row) : undefined
}

/** An organisation's plans with these references. */
export async function findPlansByReference(db: Db, organisationId: string, references: readonly string[]) {
  if (references.length === 0) return []
  const rows = await db
    .selectFrom('procurement_plan')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('reference', 'in', references)
    .execute()
  return rows.map(planFromRow)
}

export type PlanFilter = {
  status?: PlanStatus
  department?: string
  category?: string
  /** Expected advertisement date range, both days included (a quarter, for the officers' list). */
  advertFrom?: string
  advertTo?: string
  sme?: boolean
  vcse?: boolean
  valueBand?: ValueBandId
}

/** An organisation's plans, filtered, by expected advertisement date then reference. */
export async function listPlans(db: Db, organisationId: string, filter: PlanFilter = {}): Promise<Plan[]> {
  const rows = await filtered(db, organisationId, filter).orderBy('expected_advert_date').orderBy('reference').execute()
  return rows.map(planFromRow)
}

function filtered(db: Db, organisationId: string, filter: PlanFilter) {
  let query = db.selectFrom('procurement_plan').selectAll().where('organisation_id', '=', organisationId)
  if (filter.status) query = query.where('status', '=', filter.status)
  if (filter.department) query = query.where('department', '=', filter.department)
  if (filter.category) query = query.where('category', '=', filter.category)
  if (filter.advertFrom) query = query.where('expected_advert_date', '>=', filter.advertFrom)
  if (filter.advertTo) query = query.where('expected_advert_date', '<=', filter.advertTo)
  if (filter.sme) query = query.where('suitable_for_sme', '=', true)
  if (filter.vcse) query = query.where('suitable_for_vcse', '=', true)
  const band = VALUE_BANDS.find((b) => b.id === filter.valueBand)
  // A plan without an estimate is in no band, so a value filter never shows it.
  if (band) {
    query = query.where('estimated_value', '>=', String(band.min))
    if (band.max !== null) query = query.where('estimated_value', '<', String(band.max))
  }
  return query
}

/**
 * The plans on the public pipeline on `today`: planned or advertised with an expected advertisement date from today
 * to `until`, and plans still only planned whose date has passed (overdue).
 */
export async function listPublicPlans(
  db: Db,
  organisationId: string,
  window: { today: string; until: string },
  filter: Omit<PlanFilter, 'status' | 'advertFrom' | 'advertTo' | 'department'> = {},
): Promise<Plan[]> {
  const rows = await filtered(db, organisationId, { ...filter, advertTo: window.until })
    .where('status', 'in', ['planned', 'advertised'])
    .where((eb) => eb.or([eb('expected_advert_date', '>=', window.today), eb('status', '=', 'planned')]))
    .orderBy('expected_advert_date')
    .orderBy('reference')
    .execute()
  return rows.map(planFromRow)
}

/** The departments, categories and advertisement dates in use, for the filters. */
export async function planFacets(db: Db, organisationId: string) {
  const rows = await db
    .selectFrom('procurement_plan')
    .select(['department', 'category', 'expected_advert_date'])
    .where('organisation_id', '=', organisationId)
    .execute()
  const distinct = (values: (string | null)[]) =>
    [...new Set(values.filter((v): v is string => Boolean(v)))].sort((a, b) => a.localeCompare(b, 'en-GB'))
  return {
    departments: distinct(rows.map((r) => r.department)),
    categories: distinct(rows.map((r) => r.category)),
    advertDates: distinct(rows.map((r) => r.expected_advert_date)),
  }
}
