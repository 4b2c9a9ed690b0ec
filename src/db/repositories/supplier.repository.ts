// Suppliers: the registry of real organisations (and sole traders) that anchors pay. The only place that writes
// supplier SQL.
import { randomUUID } from 'node:crypto'
import type { Db } from '../database.js'
import type { NewSupplierRow } from '../schema.js'

const CHUNK = 500

/** A supplier to add. Optional fields default to null (or false for flags). */
export type NewSupplier = {
  name: string
  /** The name as matching compares it (lower case, no punctuation or legal suffixes). */
  normalisedName: string
  companyNumber?: string | null
  charityNumber?: string | null
  mutualsNumber?: string | null
  postcode?: string | null
  /** ONS GSS code of the local authority district of the postcode; must exist in `area`. */
  districtCode?: string | null
  tradingPostcode?: string | null
  tradingDistrictCode?: string | null
  overseas?: boolean
  employees?: number | null
  /** Annual turnover in pounds as a decimal string, e.g. '1250000.00'. */
  turnover?: string | null
  legalForm?: string | null
  isCharity?: boolean
  isCic?: boolean
  isSocialEnterprise?: boolean
  isCoop?: boolean
  isEmployeeOwned?: boolean
  isPublicBody?: boolean
  isIndividual?: boolean
  livingWageAccredited?: boolean
  category?: string | null
}

function newSupplierToRow(id: string, s: NewSupplier): NewSupplierRow {
  return {
    id,
    name: s.name,
    normalised_name: s.normalisedName,
    company_number: s.companyNumber ?? null,
    charity_number: s.charityNumber ?? null,
    mutuals_number: s.mutualsNumber ?? null,
    postcode: s.postcode ?? null,
    district_code: s.districtCode ?? null,
    trading_postcode: s.tradingPostcode ?? null,
    trading_district_code: s.tradingDistrictCode ?? null,
    overseas: s.overseas ?? false,
    employees: s.employees ?? null,
    turnover: s.turnover ?? null,
    legal_form: s.legalForm ?? null,
    is_charity: s.isCharity ?? false,
    is_cic: s.isCic ?? false,
    is_social_enterprise: s.isSocialEnterprise ?? false,
    is_coop: s.isCoop ?? false,
    is_employee_owned: s.isEmployeeOwned ?? false,
    is_public_body: s.isPublicBody ?? false,
    is_individual: s.isIndividual ?? false,
    living_wage_accredited: s.livingWageAccredited ?? false,
    category: s.category ?? null,
  }
}

/**
 * Adds suppliers in batches of 500 and returns their ids in the order given. The ids are made here rather than by
 * the database, so the order does not rest on the order of RETURNING rows (which SQL does not promise).
 */
export async function insertSuppliers(db: Db, rows: readonly NewSupplier[]): Promise<string[]> {
  const ids = rows.map(() => randomUUID())
  for (let i = 0; i < rows.length; i += CHUNK) {
    const batch = rows.slice(i, i + CHUNK).map((row, j) => newSupplierToRow(ids[i + j]!, row))
    await db.insertInto('supplier').values(batch).execute()
  }
  return ids
}

/** How many suppliers the registry holds. */
export async function countSuppliers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('supplier')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
