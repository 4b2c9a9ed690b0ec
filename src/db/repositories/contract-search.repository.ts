// Searching an organisation's contracts register: full text, filters, order and pages, for officers (everything) and
// for the public (only what the public may see: withheld fields are never searched, filtered or sorted on).
import { sql, type Expression, type SqlBool } from 'kysely'
import { VALUE_BANDS, type Contract } from '../../domain/contracts/contract.js'
import { effectiveSort, prefixTsQuery, type ContractSearch } from '../../domain/contracts/search-query.js'
import type { Db } from '../database.js'
import { findContractsByIds } from './contract.repository.js'

export type { ContractSearch } from '../../domain/contracts/search-query.js'

/** Conditions of the search, as SQL over `contract c`. */
function conditions(q: ContractSearch, tsquery: string | undefined): Expression<SqlBool>[] {
  const isPublic = q.audience === 'public'
  const where: Expression<SqlBool>[] = [sql<SqlBool>`c.organisation_id = ${q.organisationId}`]
  // A cancelled contract never took effect: it is kept for officers, not published.
  if (isPublic) where.push(sql<SqlBool>`c.status <> 'cancelled'`)
  if (tsquery) {
    // The words anywhere, or what was typed as the start of the reference (the reference is always public).
    const reference = sql<SqlBool>`lower(c.reference) like ${referencePrefix(q.text!)}`
    where.push(
      isPublic
        ? sql<SqlBool>`(c.search_public @@ to_tsquery('english', ${tsquery}) or ${reference})`
        : sql<SqlBool>`(c.search_all @@ to_tsquery('english', ${tsquery}) or ${reference})`,
    )
  }
  if (q.department) where.push(sql<SqlBool>`c.department = ${q.department}`)
  if (q.category) where.push(sql<SqlBool>`c.category = ${q.category}`)
  if (q.valueBand) {
    const band = VALUE_BANDS.find((b) => b.id === q.valueBand)
    if (band) {
      where.push(sql<SqlBool>`c.total_value >= ${band.min}`)
      if (band.max !== null) where.push(sql<SqlBool>`c.total_value < ${band.max}`)
      if (isPublic) where.push(sql<SqlBool>`not ('totalValue' = any (c.confidential_fields))`)
    }
  }
  if (q.status) where.push(lifeStatusCondition(q.status, q.today))
  if (q.startFrom) where.push(sql<SqlBool>`c.start_date >= ${q.startFrom}`)
  if (q.startTo) where.push(sql<SqlBool>`c.start_date <= ${q.startTo}`)
  if (q.endFrom) where.push(sql<SqlBool>`c.end_date >= ${q.endFrom}`)
  if (q.endTo) where.push(sql<SqlBool>`c.end_date <= ${q.endTo}`)
  const supplierFilters = q.sme !== undefined || q.vcse !== undefined || q.supplierId !== undefined
  if (isPublic && supplierFilters) where.push(sql<SqlBool>`not ('suppliers' = any (c.confidential_fields))`)
  if (q.sme !== undefined) where.push(supplierFlagCondition('is_sme', q.sme))
  if (q.vcse !== undefined) where.push(supplierFlagCondition('is_vcse', q.vcse))
  if (q.supplierId)
    where.push(
      sql<SqlBool>`exists (select 1 from contract_supplier s where s.contract_id = c.id and s.supplier_id = ${q.supplierId})`,
    )
  return where
}

/** A LIKE pattern for references starting with the text typed, its wildcards taken literally. */
function referencePrefix(text: string): string {
  return `${text.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/** The same rule as contractLifeStatus, as SQL. */
function lifeStatusCondition(status: NonNullable<ContractSearch['status']>, today: string): Expression<SqlBool> {
  switch (status) {
    case 'cancelled':
      return sql<SqlBool>`c.status = 'cancelled'`
    case 'terminated':
      return sql<SqlBool>`c.status = 'terminated'`
    case 'not-started':
      return sql<SqlBool>`(c.status = 'active' and c.start_date > ${today})`
    case 'expired':
      return sql<SqlBool>`(c.status = 'active' and c.end_date < ${today} and (c.start_date is null or c.start_date <= ${today}))`
    case 'live':
      return sql<SqlBool>`(c.status = 'active' and (c.start_date is null or c.start_date <= ${today}) and (c.end_date is null or c.end_date >= ${today}))`
  }
}

/** Any supplier flagged (true), or suppliers all known not to be (false): the rule of anySupplier(). */
function supplierFlagCondition(column: 'is_sme' | 'is_vcse', value: boolean): Expression<SqlBool> {
  const flag = sql.ref(`s.${column}`)
  return value
    ? sql<SqlBool>`exists (select 1 from contract_supplier s where s.contract_id = c.id and ${flag})`
    : sql<SqlBool>`(exists (select 1 from contract_supplier s where s.contract_id = c.id)
        and not exists (select 1 from contract_supplier s where s.contract_id = c.id and ${flag} is distinct from false))`
}

function orderBy(q: ContractSearch, tsquery: string | undefined) {
  const sort = effectiveSort(q)
  const vector = q.audience === 'public' ? sql.ref('c.search_public') : sql.ref('c.search_all')
  switch (sort) {
    case 'relevance':
      return tsquery
        ? sql`(lower(c.reference) = ${q.text!.trim().toLowerCase()}) desc,
            ts_rank_cd(${vector}, to_tsquery('english', ${tsquery})) desc, c.start_date desc nulls last, c.id`
        : sql`c.start_date desc nulls last, c.id`
    case 'start':
      return sql`c.start_date desc nulls last, c.reference, c.id`
    case 'end':
      return sql`c.end_date asc nulls last, c.reference, c.id`
    case 'title':
      return sql`lower(c.title), c.reference, c.id`
    case 'value':
      return q.audience === 'public'
        ? sql`(case when 'totalValue' = any (c.confidential_fields) then null else c.total_value end) desc nulls last, c.reference, c.id`
        : sql`c.total_value desc nulls last, c.reference, c.id`
  }
}

/** The contracts on one page of a search, in order, with how many match in all. */
export async function searchContracts(db: Db, q: ContractSearch): Promise<{ total: number; contracts: Contract[] }> {
  const tsquery = prefixTsQuery(q.text)
  const where = sql.join(conditions(q, tsquery), sql` and `)
  const pageSize = Math.max(1, Math.min(200, Math.floor(q.pageSize)))
  const offset = (Math.max(1, Math.floor(q.page)) - 1) * pageSize
  // One pass gives the page and the total; a page past the end has no rows to carry it, so count apart then.
  const page = await sql<{ id: string; total: number }>`
    select c.id, count(*) over ()::int as total
    from contract c
    where ${where}
    order by ${orderBy(q, tsquery)}
    limit ${pageSize} offset ${offset}
  `.execute(db)
  let total = page.rows[0]?.total
  if (total === undefined) {
    const counted = await sql<{ total: number }>`select count(*)::int as total from contract c where ${where}`.execute(
      db,
    )
    total = counted.rows[0]?.total ?? 0
  }
  return {
    total,
    contracts: await findContractsByIds(
      db,
      page.rows.map((r) => r.id),
    ),
  }
}

/** The departments and categories an organisation's register has, for the filters' choices. */
export async function contractFacets(
  db: Db,
  organisationId: string,
  audience: ContractSearch['audience'],
): Promise<{ departments: string[]; categories: string[] }> {
  const published = audience === 'public' ? sql`and c.status <> 'cancelled'` : sql``
  const departments = await sql<{ value: string }>`
    select distinct c.department as value from contract c
    where c.organisation_id = ${organisationId} and c.department is not null ${published} order by 1`.execute(db)
  const categories = await sql<{ value: string }>`
    select distinct c.category as value from contract c
    where c.organisation_id = ${organisationId} and c.category is not null ${published} order by 1`.execute(db)
  return { departments: departments.rows.map((r) => r.value), categories: categories.rows.map((r) => r.value) }
}
