// Reading suppliers for their pages, and updating them from a vendor master.
import { sql } from 'kysely'
import { sizeBand } from '../../domain/suppliers/size.js'
import type { Supplier } from '../../domain/suppliers/supplier.js'
import type { Db } from '../database.js'
import type { SupplierRow } from '../schema.js'
import { supplierRef, type SupplierRef } from './supplier-resolution.repository.js'

export function supplierFromRow(r: SupplierRow): Supplier {
  return {
    id: r.id,
    name: r.name,
    normalisedName: r.normalised_name,
    companyNumber: r.company_number,
    charityNumber: r.charity_number,
    mutualsNumber: r.mutuals_number,
    postcode: r.postcode,
    districtCode: r.district_code,
    tradingPostcode: r.trading_postcode,
    tradingDistrictCode: r.trading_district_code,
    overseas: r.overseas,
    employees: r.employees,
    turnover: r.turnover,
    legalForm: r.legal_form,
    flags: {
      isCharity: r.is_charity,
      isCic: r.is_cic,
      isSocialEnterprise: r.is_social_enterprise,
      isCoop: r.is_coop,
      isEmployeeOwned: r.is_employee_owned,
      isPublicBody: r.is_public_body,
      isIndividual: r.is_individual,
    },
    livingWageAccredited: r.living_wage_accredited,
    category: r.category,
    verified: r.verified,
    source: r.source,
    sizeBand: sizeBand(r.employees, r.turnover),
  }
}

export async function findSupplier(db: Db, id: string): Promise<Supplier | undefined> {
  const row = await db.selectFrom('supplier').selectAll().where('id', '=', id).executeTakeFirst()
  return row && supplierFromRow(row)
}

export type SupplierAlias = { alias: string; source: string; global: boolean; createdAt: Date }

/** The names a supplier is known by to an organisation: its own aliases and the global ones. */
export async function listAliases(db: Db, supplierId: string, organisationId: string): Promise<SupplierAlias[]> {
  const rows = await db
    .selectFrom('supplier_alias')
    .select(['alias', 'source', 'organisation_id', 'created_at'])
    .where('supplier_id', '=', supplierId)
    .where((eb) => eb.or([eb('organisation_id', '=', organisationId), eb('organisation_id', 'is', null)]))
    .orderBy('alias')
    .execute()
  return rows.map((r) => ({
    alias: r.alias,
    source: r.source,
    global: r.organisation_id === null,
    createdAt: r.created_at,
  }))
}

export type PaidSupplier = Supplier & { payments: number; amount: string; districtName: string | null }

/** Suppliers an organisation has paid, with the count and net total of its payments, largest total first. */
export async function listPaidSuppliers(
  db: Db,
  organisationId: string,
  options: { query?: string; limit: number; offset: number; supplierId?: string },
): Promise<{ suppliers: PaidSupplier[]; total: number }> {
  const nameFilter = options.query ? sql`and s.normalised_name like ${`%${options.query}%`}` : sql``
  const idFilter = options.supplierId ? sql`and s.id = ${options.supplierId}::uuid` : sql``
  const result = await sql<
    SupplierRow & { payments: number; amount: string; district_name: string | null; total: number }
  >`
    with paid as (
      select supplier_id, count(*)::int as payments, sum(amount) as amount
      from payment where organisation_id = ${organisationId} and supplier_id is not null
      group by supplier_id
    )
    select s.*, p.payments, p.amount::text as amount, a.name as district_name, count(*) over ()::int as total
    from paid p
    join supplier s on s.id = p.supplier_id
    left join area a on a.gss_code = coalesce(s.trading_district_code, s.district_code)
    where true ${nameFilter} ${idFilter}
    order by p.amount desc, s.name
    limit ${options.limit} offset ${options.offset}
  `.execute(db)
  return {
    suppliers: result.rows.map((r) => ({
      ...supplierFromRow(r),
      payments: Number(r.payments),
      amount: r.amount,
      districtName: r.district_name,
    })),
    total: Number(result.rows[0]?.total ?? 0),
  }
}

/** Suppliers whose normalised name contains the (normalised) words, verified first, then by name. */
export async function searchSuppliersByName(db: Db, normalisedQuery: string, limit: number): Promise<SupplierRef[]> {
  if (normalisedQuery.trim() === '') return []
  // Normalised names hold only letters, digits and spaces, so the query has no LIKE wildcards to escape.
  const rows = await db
    .selectFrom('supplier')
    .select([
      'id',
      'name',
      'normalised_name',
      'company_number',
      'charity_number',
      'mutuals_number',
      'postcode',
      'verified',
    ])
    .where('normalised_name', 'like', `%${normalisedQuery}%`)
    .orderBy('verified', 'desc')
    .orderBy('name')
    .limit(limit)
    .execute()
  return rows.map(supplierRef)
}

export type SupplierPatch = Partial<{
  companyNumber: string
  charityNumber: string
  postcode: string
  districtCode: string | null
  tradingPostcode: string
  tradingDistrictCode: string | null
  employees: number
  turnover: string
  legalForm: string
  isCharity: true
  isCic: true
  isSocialEnterprise: true
  isCoop: true
  isEmployeeOwned: true
  isPublicBody: true
  livingWageAccredited: true
  verified: true
}>

const PATCH_COLUMNS = {
  companyNumber: 'company_number',
  charityNumber: 'charity_number',
  postcode: 'postcode',
  districtCode: 'district_code',
  tradingPostcode: 'trading_postcode',
  tradingDistrictCode: 'trading_district_code',
  employees: 'employees',
  turnover: 'turnover',
  legalForm: 'legal_form',
  isCharity: 'is_charity',
  isCic: 'is_cic',
  isSocialEnterprise: 'is_social_enterprise',
  isCoop: 'is_coop',
  isEmployeeOwned: 'is_employee_owned',
  isPublicBody: 'is_public_body',
  livingWageAccredited: 'living_wage_accredited',
  verified: 'verified',
} as const

/** Sets the given fields of a supplier (and its updated time). */
export async function updateSupplier(db: Db, id: string, patch: SupplierPatch): Promise<void> {
  const set: Record<string, unknown> = {}
  for (const [field, column] of Object.entries(PATCH_COLUMNS)) {
    const value = patch[field as keyof SupplierPatch]
    if (value !== undefined) set[column] = value
  }
  if (Object.keys(set).length === 0) return
  await db
    .updateTable('supplier')
    .set({ ...set, updated_at: new Date() })
    .where('id', '=', id)
    .execute()
}

/** Suppliers by id, in full. */
export async function findSuppliers(db: Db, ids: readonly string[]): Promise<Supplier[]> {
  if (ids.length === 0) return []
  const rows = await db
    .selectFrom('supplier')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute()
  return rows.map(supplierFromRow)
}

/**
 * Points an organisation's aliases at suppliers, replacing any supplier the organisation had for the same name.
 * Rows that already say the same are left alone (so a second run changes nothing).
 */
export async function upsertOrganisationAliases(
  db: Db,
  organisationId: string,
  rows: readonly { supplierId: string; alias: string; normalisedAlias: string; source: string }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    const values = rows
      .slice(i, i + 1000)
      .map((r) => sql`(${r.supplierId}::uuid, ${organisationId}, ${r.alias}, ${r.normalisedAlias}, ${r.source})`)
    await sql`
      insert into supplier_alias (supplier_id, organisation_id, alias, normalised_alias, source)
      values ${sql.join(values)}
      on conflict (coalesce(organisation_id, ''), normalised_alias) do update
        set supplier_id = excluded.supplier_id, alias = excluded.alias, source = excluded.source
        where supplier_alias.supplier_id <> excluded.supplier_id
    `.execute(db)
  }
}
