// The public registers we match suppliers against: postcodes (ONS), companies (Companies House), charities (Charity
// Commission) and co-operatives (Co-operatives UK). Bulk upserts for the importers, lookups for supplier resolution.
import { sql, type Insertable } from 'kysely'
import type { Db } from '../database.js'
import type { RefCharityTable, RefCompanyTable, RefCoopTable } from '../schema.js'

export type PostcodeRecord = { postcode: string; districtCode: string; source: string }

export type CompanyRecord = {
  companyNumber: string
  name: string
  normalisedName: string
  postcode: string | null
  category: string | null
  status: string | null
  sicCodes: string[]
  incorporatedOn: string | null
}

export type CharityRecord = {
  charityNumber: string
  name: string
  normalisedName: string
  postcode: string | null
  status: string | null
  /** Latest annual income in pounds, as a decimal string. */
  income: string | null
  companyNumber: string | null
}

export type CoopRecord = {
  id: string
  name: string
  normalisedName: string
  postcode: string | null
  companyNumber: string | null
  mutualsNumber: string | null
  legalForm: string | null
  ownership: string | null
  sector: string | null
}

export const Register = { Company: 'company', Charity: 'charity', Coop: 'coop' } as const
export type Register = (typeof Register)[keyof typeof Register]

/** A register entry whose normalised name matches: exactly, or as the first words of a longer name. */
export type RegisterMatch = {
  register: Register
  /** Company number, charity number or Co-operatives UK identifier. */
  id: string
  name: string
  normalisedName: string
  postcode: string | null
  companyNumber: string | null
  status: string | null
  /** Company category, co-op legal form; null for charities. */
  legalForm: string | null
  match: 'exact' | 'prefix'
}

/** Rows per multi-row INSERT: well under PostgreSQL's 65,535 parameters with the widest table (9 columns). */
export const UPSERT_BATCH = 2000

export async function upsertPostcodes(db: Db, records: readonly PostcodeRecord[]): Promise<void> {
  if (records.length === 0) return
  // Three array parameters rather than three per row: the statement parses and binds in a fraction of the time,
  // which is most of the cost of loading the 2.7 million rows of a postcode directory.
  const postcodes = records.map((r) => r.postcode)
  const districts = records.map((r) => r.districtCode)
  const sources = records.map((r) => r.source)
  await sql`
    insert into ref_postcode (postcode, district_code, source)
    select * from unnest(${postcodes}::text[], ${districts}::text[], ${sources}::text[])
    on conflict (postcode) do update set district_code = excluded.district_code, source = excluded.source
    -- Re-importing the same file rewrites nothing (no dead rows), which keeps a reload cheap.
    where (ref_postcode.district_code, ref_postcode.source) is distinct from (excluded.district_code, excluded.source)
  `.execute(db)
}

export async function upsertCompanies(db: Db, records: readonly CompanyRecord[]): Promise<void> {
  if (records.length === 0) return
  const rows: Insertable<RefCompanyTable>[] = records.map((r) => ({
    company_number: r.companyNumber,
    name: r.name,
    normalised_name: r.normalisedName,
    postcode: r.postcode,
    category: r.category,
    status: r.status,
    sic_codes: r.sicCodes,
    incorporated_on: r.incorporatedOn,
  }))
  await db
    .insertInto('ref_company')
    .values(rows)
    .onConflict((oc) =>
      oc.column('company_number').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        normalised_name: eb.ref('excluded.normalised_name'),
        postcode: eb.ref('excluded.postcode'),
        category: eb.ref('excluded.category'),
        status: eb.ref('excluded.status'),
        sic_codes: eb.ref('excluded.sic_codes'),
        incorporated_on: eb.ref('excluded.incorporated_on'),
      })),
    )
    .execute()
}

export async function upsertCharities(db: Db, records: readonly CharityRecord[]): Promise<void> {
  if (records.length === 0) return
  const rows: Insertable<RefCharityTable>[] = records.map((r) => ({
    charity_number: r.charityNumber,
    name: r.name,
    normalised_name: r.normalisedName,
    postcode: r.postcode,
    status: r.status,
    income: r.income,
    company_number: r.companyNumber,
  }))
  await db
    .insertInto('ref_charity')
    .values(rows)
    .onConflict((oc) =>
      oc.column('charity_number').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        normalised_name: eb.ref('excluded.normalised_name'),
        postcode: eb.ref('excluded.postcode'),
        status: eb.ref('excluded.status'),
        income: eb.ref('excluded.income'),
        company_number: eb.ref('excluded.company_number'),
      })),
    )
    .execute()
}

export async function upsertCoops(db: Db, records: readonly CoopRecord[]): Promise<void> {
  if (records.length === 0) return
  const rows: Insertable<RefCoopTable>[] = records.map((r) => ({
    id: r.id,
    name: r.name,
    normalised_name: r.normalisedName,
    postcode: r.postcode,
    company_number: r.companyNumber,
    mutuals_number: r.mutualsNumber,
    legal_form: r.legalForm,
    ownership: r.ownership,
    sector: r.sector,
  }))
  await db
    .insertInto('ref_coop')
    .values(rows)
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        normalised_name: eb.ref('excluded.normalised_name'),
        postcode: eb.ref('excluded.postcode'),
        company_number: eb.ref('excluded.company_number'),
        mutuals_number: eb.ref('excluded.mutuals_number'),
        legal_form: eb.ref('excluded.legal_form'),
        ownership: eb.ref('excluded.ownership'),
        sector: eb.ref('excluded.sector'),
      })),
    )
    .execute()
}

/** How many rows each register holds. */
export async function countRegisters(
  db: Db,
): Promise<Record<'postcodes' | 'companies' | 'charities' | 'coops', number>> {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('ref_postcode')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('postcodes'),
      eb
        .selectFrom('ref_company')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('companies'),
      eb
        .selectFrom('ref_charity')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('charities'),
      eb
        .selectFrom('ref_coop')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('coops'),
    ])
    .executeTakeFirstOrThrow()
  return {
    postcodes: Number(row.postcodes),
    companies: Number(row.companies),
    charities: Number(row.charities),
    coops: Number(row.coops),
  }
}

export async function findPostcode(db: Db, postcode: string): Promise<PostcodeRecord | undefined> {
  const row = await db.selectFrom('ref_postcode').selectAll().where('postcode', '=', postcode).executeTakeFirst()
  return row && { postcode: row.postcode, districtCode: row.district_code, source: row.source }
}

export async function findCompany(db: Db, companyNumber: string): Promise<CompanyRecord | undefined> {
  const row = await db
    .selectFrom('ref_company')
    .selectAll()
    .where('company_number', '=', companyNumber)
    .executeTakeFirst()
  return (
    row && {
      companyNumber: row.company_number,
      name: row.name,
      normalisedName: row.normalised_name,
      postcode: row.postcode,
      category: row.category,
      status: row.status,
      sicCodes: row.sic_codes,
      incorporatedOn: row.incorporated_on,
    }
  )
}

export async function findCharity(db: Db, charityNumber: string): Promise<CharityRecord | undefined> {
  const row = await db
    .selectFrom('ref_charity')
    .selectAll()
    .where('charity_number', '=', charityNumber)
    .executeTakeFirst()
  return (
    row && {
      charityNumber: row.charity_number,
      name: row.name,
      normalisedName: row.normalised_name,
      postcode: row.postcode,
      status: row.status,
      income: row.income,
      companyNumber: row.company_number,
    }
  )
}

/** Co-operatives registered at Companies House under this number (a co-op may also be a company). */
export async function findCoopsByCompanyNumber(db: Db, companyNumber: string): Promise<CoopRecord[]> {
  const rows = await db.selectFrom('ref_coop').selectAll().where('company_number', '=', companyNumber).execute()
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    normalisedName: row.normalised_name,
    postcode: row.postcode,
    companyNumber: row.company_number,
    mutualsNumber: row.mutuals_number,
    legalForm: row.legal_form,
    ownership: row.ownership,
    sector: row.sector,
  }))
}

function registerEntries(db: Db) {
  return db
    .selectFrom('ref_company')
    .select((eb) => [
      sql<Register>`'company'`.as('register'),
      'company_number as id',
      'name',
      'normalised_name',
      'postcode',
      eb.ref('company_number').$castTo<string | null>().as('company_number'),
      'status',
      'category as legal_form',
    ])
    .unionAll(
      db
        .selectFrom('ref_charity')
        .select([
          sql<Register>`'charity'`.as('register'),
          'charity_number as id',
          'name',
          'normalised_name',
          'postcode',
          'company_number',
          'status',
          sql<string | null>`null`.as('legal_form'),
        ]),
    )
    .unionAll(
      db
        .selectFrom('ref_coop')
        .select([
          sql<Register>`'coop'`.as('register'),
          'id',
          'name',
          'normalised_name',
          'postcode',
          'company_number',
          sql<string | null>`null`.as('status'),
          'legal_form',
        ]),
    )
}

/**
 * Register entries whose normalised name equals `normalisedName`, then (up to `limit` in all) those whose name starts
 * with it followed by more words ("acme" finds "acme services"), shortest first. Both use the normalised_name
 * indexes; the prefix search can only do so where the database collation is C (PGlite, and clusters made with
 * --locale=C); elsewhere it needs a text_pattern_ops index.
 */
export async function searchRegistersByName(db: Db, normalisedName: string, limit: number): Promise<RegisterMatch[]> {
  if (normalisedName === '' || limit <= 0) return []
  const exact = await db
    .selectFrom(registerEntries(db).as('entry'))
    .selectAll()
    .where('normalised_name', '=', normalisedName)
    .orderBy('register')
    .orderBy('id')
    .limit(limit)
    .execute()
  const matches: RegisterMatch[] = exact.map((row) => toMatch(row, 'exact'))
  if (matches.length >= limit) return matches

  const pattern = `${normalisedName.replace(/[\\%_]/g, (c) => `\\${c}`)} %`
  const prefix = await db
    .selectFrom(registerEntries(db).as('entry'))
    .selectAll()
    .where('normalised_name', 'like', pattern)
    .orderBy(sql`length(normalised_name)`)
    .orderBy('normalised_name')
    .orderBy('register')
    .orderBy('id')
    .limit(limit - matches.length)
    .execute()
  return [...matches, ...prefix.map((row) => toMatch(row, 'prefix'))]
}

type EntryRow = {
  register: Register
  id: string
  name: string
  normalised_name: string
  postcode: string | null
  company_number: string | null
  status: string | null
  legal_form: string | null
}

function toMatch(row: EntryRow, match: RegisterMatch['match']): RegisterMatch {
  return {
    register: row.register,
    id: row.id,
    name: row.name,
    normalisedName: row.normalised_name,
    postcode: row.postcode,
    companyNumber: row.company_number,
    status: row.status,
    legalForm: row.legal_form,
    match,
  }
}
