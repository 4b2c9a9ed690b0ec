// Searching an organisation's contracts register: full text, filters, order and pages, for officers (everything) and
// for the public (only what the public may see: withheld fields are never searched, filtered or sorted on).
import { sql, type Expression, type SqlBool } from 'kysely'
import { VALUE_BANDS, type Contract } from '../../domain/contracts/contract.js'
import { effectiveSort, prefixTsQuery, type ContractSearch } from '../../domain/contracts/search-query.js'
import type { Db } from '../database.js'
import { findContractsByIds } from './contract.repository.js'

export type { ContractSearch } from '../../domain/contracts/search-query.js'

/** A contract's total value as the public sees it; the expression of the public value index, word for word. */
const PUBLIC_VALUE = sql`(case when 'totalValue' = any (c.confidential_fields) then null else c.total_value end)`

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
      // For the public, the value as the public value index has it: null (so never in a band) when withheld.
      const value = isPublic ? PUBLIC_VALUE : sql`c.total_value`
      where.push(sql<SqlBool>`${value} >= ${band.min}`)
      if (band.max !== null) where.push(sql<SqlBool>`${value} < ${band.max}`)
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
  return `${text
    .trim()
    .toLowerCase()
    .replace(/[\\%_]/g, (c) => `\\${c}`)}%`
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

/**
 * Any supplier flagged (true), or suppliers all known not to be (false): the rule of anySupplier(). The true case
 * reads the contract's own flag (see refreshContractSearch), which the covering filter index carries.
 */
function supplierFlagCondition(column: 'is_sme' | 'is_vcse', value: boolean): Expression<SqlBool> {
  const flag = sql.ref(`s.${column}`)
  return value
    ? sql<SqlBool>`${sql.ref(column === 'is_sme' ? 'c.any_sme' : 'c.any_vcse')}`
    : sql<SqlBool>`(exists (select 1 from contract_supplier s where s.contract_id = c.id)
        and not exists (select 1 from contract_supplier s where s.contract_id = c.id and ${flag} is distinct from false))`
}

/**
 * The order of a search. References are unique within an organisation, so they settle ties; each order but
 * relevance matches an index (see the contract-search migration), so a page is read without sorting every match.
 */
function orderBy(q: ContractSearch, tsquery: string | undefined) {
  const sort = effectiveSort(q)
  const vector = q.audience === 'public' ? sql.ref('c.search_public') : sql.ref('c.search_all')
  switch (sort) {
    case 'relevance':
      return tsquery
        ? sql`(lower(c.reference) = ${q.text!.trim().toLowerCase()}) desc,
            ts_rank_cd(${vector}, to_tsquery('english', ${tsquery})) desc, c.start_date desc nulls last, c.reference`
        : sql`c.start_date desc nulls last, c.reference`
    case 'start':
      return sql`c.start_date desc nulls last, c.reference`
    case 'end':
      return sql`c.end_date asc nulls last, c.reference`
    case 'title':
      return sql`lower(c.title), c.reference`
    case 'value':
      // A withheld value sorts as unknown.
      return q.audience === 'public'
        ? sql`${PUBLIC_VALUE} desc nulls last, c.reference`
        : sql`c.total_value desc nulls last, c.reference`
  }
}

/**
 * Counts a search's matches: by default it runs the count it is given; a caller may keep counts instead, for the
 * search's conditions (its order and page do not change the count).
 */
export type CountKeeper = (q: ContractSearch, count: () => Promise<number>) => Promise<number>

const countNow: CountKeeper = (_q, count) => count()

/** The contracts on one page of a search, in order, with how many match in all. */
export async function searchContracts(
  db: Db,
  q: ContractSearch,
  keepCount: CountKeeper = countNow,
): Promise<{ total: number; contracts: Contract[] }> {
  const tsquery = prefixTsQuery(q.text)
  const where = sql.join(conditions(q, tsquery), sql` and `)
  const pageSize = Math.max(1, Math.min(200, Math.floor(q.pageSize)))
  const offset = (Math.max(1, Math.floor(q.page)) - 1) * pageSize
  const pageQuery = sql<{ id: string }>`
    select c.id from contract c
    where ${where}
    order by ${orderBy(q, tsquery)}
    limit ${pageSize} offset ${offset}
  `
  const count = () =>
    keepCount(q, async () => {
      const result = await sql<{ total: number }>`select count(*)::int as total from contract c where ${where}`.execute(
        db,
      )
      return result.rows[0]?.total ?? 0
    })
  let ids: string[]
  let total: number
  if (tsquery && effectiveSort(q) === 'relevance') {
    // Ranking reads every match anyway, so one statement ranks them, counts them and takes the page.
    const ranked = await sql<{ id: string; total: number }>`
      select c.id, count(*) over ()::int as total from contract c
      where ${where}
      order by ${orderBy(q, tsquery)}
      limit ${pageSize} offset ${offset}
    `.execute(db)
    ids = ranked.rows.map((r) => r.id)
    const first = ranked.rows[0]
    total = first ? await keepCount(q, async () => first.total) : offset === 0 ? 0 : await count()
  } else if (tsquery && offset === 0) {
    // Most searches with words fit on one page, and a first page that is not full tells the total without counting.
    ids = (await pageQuery.execute(db)).rows.map((r) => r.id)
    total = ids.length < pageSize ? await keepCount(q, async () => ids.length) : await count()
  } else {
    const [page, counted] = await Promise.all([pageQuery.execute(db), count()])
    ids = page.rows.map((r) => r.id)
    total = counted
  }
  return { total, contracts: await findContractsByIds(db, ids) }
}

/**
 * The distinct values of a column in an organisation's register, read by skipping through its index one value at a
 * time (a loose index scan), so a register of any size costs one index probe per value.
 */
async function distinctValues(
  db: Db,
  organisationId: string,
  column: 'department' | 'category',
  audience: ContractSearch['audience'],
): Promise<string[]> {
  const col = sql.ref(`c.${column}`)
  const published = audience === 'public' ? sql`and c.status <> 'cancelled'` : sql``
  const result = await sql<{ value: string }>`
    with recursive v (value) as (
      (select ${col} from contract c
        where c.organisation_id = ${organisationId} and ${col} is not null ${published} order by ${col} limit 1)
      union all
      select (select ${col} from contract c
        where c.organisation_id = ${organisationId} and ${col} > v.value ${published} order by ${col} limit 1)
      from v where v.value is not null
    )
    select value from v where value is not null`.execute(db)
  return result.rows.map((r) => r.value)
}

/** The departments and categories an organisation's register has, for the filters' choices. */
export async function contractFacets(
  db: Db,
  organisationId: string,
  audience: ContractSearch['audience'],
): Promise<{ departments: string[]; categories: string[] }> {
  return {
    departments: await distinctValues(db, organisationId, 'department', audience),
    categories: await distinctValues(db, organisationId, 'category', audience),
  }
}

/** The register's version: it changes with every statement that changes a contract, its suppliers or lots. */
export async function readContractRegisterVersion(db: Db): Promise<string> {
  const result = await sql<{ version: string }>`select version::text from contract_register_version`.execute(db)
  return result.rows[0]?.version ?? '0'
}

/** An organisation's name with the register's version, in one read: all a kept public page needs to be served. */
export async function readRegisterHead(
  db: Db,
  organisationId: string,
): Promise<{ id: string; name: string; version: string } | undefined> {
  const result = await sql<{ id: string; name: string; version: string }>`
    select o.id, o.name, v.version::text as version
    from organisation o cross join contract_register_version v
    where o.id = ${organisationId}`.execute(db)
  return result.rows[0]
}
