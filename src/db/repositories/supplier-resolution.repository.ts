// SQL for resolving payees to suppliers: batch look-ups by identifier, alias and name in the supplier registry and
// the reference registers, blocked candidate lists for fuzzy matching, and writing new suppliers, aliases and review
// rows. Every function takes arrays and runs one query per chunk, never one per payee.
import { sql } from 'kysely'
import type { Register, RegisterRecord } from '../../domain/suppliers/register.js'
import type { Db } from '../database.js'

/** PostgreSQL allows 65,535 parameters in one statement; arrays go as one parameter, rows as one per column. */
const CHUNK = 2000

/** A supplier as matching needs it. */
export type SupplierRef = {
  id: string
  name: string
  normalisedName: string
  companyNumber: string | null
  charityNumber: string | null
  mutualsNumber: string | null
  postcode: string | null
  verified: boolean
}

export type SupplierRefRow = {
  id: string
  name: string
  normalised_name: string
  company_number: string | null
  charity_number: string | null
  mutuals_number: string | null
  postcode: string | null
  verified: boolean
}

/** Maps a supplier row (or the columns of one) to the reference the resolver and the search work with. */
export const supplierRef = (r: SupplierRefRow): SupplierRef => ({
  id: r.id,
  name: r.name,
  normalisedName: r.normalised_name,
  companyNumber: r.company_number,
  charityNumber: r.charity_number,
  mutualsNumber: r.mutuals_number,
  postcode: r.postcode,
  verified: r.verified,
})

const SUPPLIER_REF_COLUMNS = sql`id::text as id, name, normalised_name, company_number, charity_number, mutuals_number,
  postcode, verified`

async function chunked<T, R>(items: readonly T[], run: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  let out: R[] = []
  // concat, not push(...rows): a spread of a hundred thousand rows overflows the call stack.
  for (let i = 0; i < items.length; i += CHUNK) out = out.concat(await run(items.slice(i, i + CHUNK)))
  return out
}

/** Suppliers holding any of the company or charity numbers. */
export async function findSuppliersByIdentifiers(
  db: Db,
  ids: { companyNumbers: readonly string[]; charityNumbers: readonly string[] },
): Promise<SupplierRef[]> {
  if (ids.companyNumbers.length === 0 && ids.charityNumbers.length === 0) return []
  const rows = await sql<SupplierRefRow>`
    select ${SUPPLIER_REF_COLUMNS} from supplier
    where company_number = any(${[...ids.companyNumbers]}::text[]) or charity_number = any(${[...ids.charityNumbers]}::text[])
  `.execute(db)
  return rows.rows.map(supplierRef)
}

/** Suppliers whose normalised name is one of the names, verified first, then oldest first. */
export async function findSuppliersByNames(db: Db, names: readonly string[]): Promise<SupplierRef[]> {
  return chunked(names, async (chunk) => {
    const rows = await sql<SupplierRefRow>`
      select ${SUPPLIER_REF_COLUMNS} from supplier
      where normalised_name = any(${chunk}::text[])
      order by verified desc, created_at, id
    `.execute(db)
    return rows.rows.map(supplierRef)
  })
}

/**
 * Suppliers sharing a blocking key with a payee: their first word, or first two words run together, is one of the
 * keys. Verified suppliers first, so they win ties in ranking.
 */
export async function findSupplierCandidates(db: Db, keys: readonly string[]): Promise<SupplierRef[]> {
  return chunked(keys, async (chunk) => {
    const rows = await sql<SupplierRefRow>`
      select ${SUPPLIER_REF_COLUMNS} from supplier
      where split_part(normalised_name, ' ', 1) = any(${chunk}::text[])
         or split_part(normalised_name, ' ', 1) || split_part(normalised_name, ' ', 2) = any(${chunk}::text[])
      order by verified desc, created_at, id
    `.execute(db)
    return rows.rows.map(supplierRef)
  })
}

export async function findSuppliersByIds(db: Db, ids: readonly string[]): Promise<SupplierRef[]> {
  if (ids.length === 0) return []
  const rows = await sql<SupplierRefRow>`
    select ${SUPPLIER_REF_COLUMNS} from supplier where id = any(${[...ids]}::uuid[])
  `.execute(db)
  return rows.rows.map(supplierRef)
}

/** Aliases for the names: the organisation's own and the global ones (organisation null), own first. */
export async function findAliases(
  db: Db,
  organisationId: string,
  names: readonly string[],
): Promise<{ normalisedAlias: string; supplierId: string; own: boolean }[]> {
  return chunked(names, async (chunk) => {
    const rows = await sql<{ normalised_alias: string; supplier_id: string; own: boolean }>`
      select normalised_alias, supplier_id::text as supplier_id, organisation_id is not null as own
      from supplier_alias
      where normalised_alias = any(${chunk}::text[]) and (organisation_id = ${organisationId} or organisation_id is null)
      order by (organisation_id is null), created_at
    `.execute(db)
    return rows.rows.map((r) => ({ normalisedAlias: r.normalised_alias, supplierId: r.supplier_id, own: r.own }))
  })
}

type RegisterRow = {
  register: Register
  key: string
  name: string
  normalised_name: string
  postcode: string | null
  company_number: string | null
  charity_number: string | null
  mutuals_number: string | null
  legal_form: string | null
  status: string | null
  ownership: string | null
}

const registerRecord = (r: RegisterRow): RegisterRecord => ({
  register: r.register,
  key: r.key,
  name: r.name,
  normalisedName: r.normalised_name,
  postcode: r.postcode,
  companyNumber: r.company_number,
  charityNumber: r.charity_number,
  mutualsNumber: r.mutuals_number,
  legalForm: r.legal_form,
  status: r.status,
  ownership: r.ownership,
})

/** The three registers as one relation, filtered by a condition on each register's normalised name or numbers. */
function registers(where: {
  company: ReturnType<typeof sql>
  charity: ReturnType<typeof sql>
  coop: ReturnType<typeof sql>
}) {
  return sql<RegisterRow>`
    select 'company' as register, company_number as key, name, normalised_name, postcode, company_number,
      null::text as charity_number, null::text as mutuals_number, category as legal_form, status, null::text as ownership
    from ref_company where ${where.company}
    union all
    select 'charity', charity_number, name, normalised_name, postcode, company_number, charity_number, null, null,
      status, null
    from ref_charity where ${where.charity}
    union all
    select 'coop', id, name, normalised_name, postcode, company_number, null, mutuals_number, legal_form, null,
      ownership
    from ref_coop where ${where.coop}
  `
}

/** Register records for company numbers (ref_company, and charities and co-ops that are companies) and charity numbers. */
export async function findRegisterRecordsByIdentifiers(
  db: Db,
  ids: { companyNumbers: readonly string[]; charityNumbers: readonly string[] },
): Promise<RegisterRecord[]> {
  if (ids.companyNumbers.length === 0 && ids.charityNumbers.length === 0) return []
  const companies = [...ids.companyNumbers]
  const charities = [...ids.charityNumbers]
  const rows = await registers({
    company: sql`company_number = any(${companies}::text[])`,
    charity: sql`charity_number = any(${charities}::text[]) or company_number = any(${companies}::text[])`,
    coop: sql`company_number = any(${companies}::text[])`,
  }).execute(db)
  return rows.rows.map(registerRecord)
}

/** Co-operatives UK records by their own id ('R000001'), for co-ops with no company or mutuals number. */
export async function findCoopRecords(db: Db, ids: readonly string[]): Promise<RegisterRecord[]> {
  if (ids.length === 0) return []
  const none = sql`false`
  const rows = await registers({ company: none, charity: none, coop: sql`id = any(${[...ids]}::text[])` }).execute(db)
  return rows.rows.map(registerRecord)
}

/** Register records whose normalised name is one of the names. */
export async function findRegisterRecordsByNames(db: Db, names: readonly string[]): Promise<RegisterRecord[]> {
  return chunked(names, async (chunk) => {
    const condition = sql`normalised_name = any(${chunk}::text[])`
    const rows = await registers({ company: condition, charity: condition, coop: condition }).execute(db)
    return rows.rows.map(registerRecord)
  })
}

/**
 * Register records sharing a register blocking key with a payee (registerBlockingKeys: the first word and the start
 * of the second, or the first two words run together). Dissolved companies are left out.
 */
export async function findRegisterCandidates(db: Db, keys: readonly string[]): Promise<RegisterRecord[]> {
  return chunked(keys, async (chunk) => {
    const block = sql`(split_part(normalised_name, ' ', 1) || ' ' || left(split_part(normalised_name, ' ', 2), 3) = any(${chunk}::text[])
      or split_part(normalised_name, ' ', 1) || split_part(normalised_name, ' ', 2) = any(${chunk}::text[]))`
    const rows = await registers({
      company: sql`${block} and coalesce(lower(status), '') not in ('dissolved', 'closed', 'removed')`,
      charity: sql`${block} and coalesce(lower(status), '') not in ('removed', 'dissolved')`,
      coop: block,
    }).execute(db)
    return rows.rows.map(registerRecord)
  })
}

/** Full postcodes → district GSS codes from ref_postcode. */
export async function findPostcodeDistricts(db: Db, postcodes: readonly string[]): Promise<Map<string, string>> {
  const rows = await chunked(postcodes, async (chunk) => {
    const result = await sql<{ postcode: string; district_code: string }>`
      select postcode, district_code from ref_postcode where postcode = any(${chunk}::text[])
    `.execute(db)
    return result.rows
  })
  return new Map(rows.map((r) => [r.postcode, r.district_code]))
}

/** A supplier to create, with its id chosen by the caller. */
export type SupplierInsert = {
  id: string
  name: string
  normalisedName: string
  companyNumber: string | null
  charityNumber: string | null
  mutualsNumber: string | null
  postcode: string | null
  districtCode: string | null
  legalForm: string | null
  isCharity: boolean
  isCic: boolean
  isSocialEnterprise: boolean
  isCoop: boolean
  isEmployeeOwned: boolean
  isPublicBody: boolean
  isIndividual: boolean
  livingWageAccredited?: boolean
  employees?: number | null
  turnover?: string | null
  verified: boolean
  source: string
}

/**
 * Adds suppliers. A supplier whose company or charity number is already held (another import got there first) is
 * skipped; the ids of the suppliers actually added are returned.
 */
export async function insertSupplierRows(db: Db, rows: readonly SupplierInsert[]): Promise<Set<string>> {
  const added = new Set<string>()
  for (let i = 0; i < rows.length; i += 500) {
    const inserted = await db
      .insertInto('supplier')
      .values(
        rows.slice(i, i + 500).map((s) => ({
          id: s.id,
          name: s.name,
          normalised_name: s.normalisedName,
          company_number: s.companyNumber,
          charity_number: s.charityNumber,
          mutuals_number: s.mutualsNumber,
          postcode: s.postcode,
          district_code: s.districtCode,
          legal_form: s.legalForm,
          is_charity: s.isCharity,
          is_cic: s.isCic,
          is_social_enterprise: s.isSocialEnterprise,
          is_coop: s.isCoop,
          is_employee_owned: s.isEmployeeOwned,
          is_public_body: s.isPublicBody,
          is_individual: s.isIndividual,
          living_wage_accredited: s.livingWageAccredited ?? false,
          employees: s.employees ?? null,
          turnover: s.turnover ?? null,
          verified: s.verified,
          source: s.source,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .execute()
    for (const row of inserted) added.add(row.id)
  }
  return added
}

export type AliasSource = 'ledger' | 'register' | 'officer' | 'vendor-master'

/** Remembers names for suppliers; a name the organisation (or, for global aliases, anyone) already aliased is kept. */
export async function insertAliases(
  db: Db,
  rows: readonly {
    supplierId: string
    organisationId: string | null
    alias: string
    normalisedAlias: string
    source: AliasSource
  }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto('supplier_alias')
      .values(
        rows.slice(i, i + 1000).map((r) => ({
          supplier_id: r.supplierId,
          organisation_id: r.organisationId,
          alias: r.alias,
          normalised_alias: r.normalisedAlias,
          source: r.source,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute()
  }
}

/** Points an organisation's alias at a supplier, replacing whatever the organisation had for that name. */
export async function setOrganisationAlias(
  db: Db,
  row: { supplierId: string; organisationId: string; alias: string; normalisedAlias: string; source: AliasSource },
): Promise<void> {
  await db
    .deleteFrom('supplier_alias')
    .where('organisation_id', '=', row.organisationId)
    .where('normalised_alias', '=', row.normalisedAlias)
    .execute()
  await insertAliases(db, [row])
}
