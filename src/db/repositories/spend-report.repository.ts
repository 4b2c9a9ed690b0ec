// Spend figures. Suppliers are classified once per report (tier by each organisation's own place definition, size
// band, VCSE flags) and joined to monthly totals of the payments, which are aggregated with GROUPING SETS. The
// payments behind a figure (drill-down) are read from the payment table itself.
import { sql, type RawBuilder } from 'kysely'
import { quarterIndexOf, wholeMonths } from '../../domain/spend/report.js'
import type { Db } from '../database.js'

export type PaymentFilter = {
  organisationIds: readonly string[]
  from: string
  to: string
  tier?: string
  sizeBand?: string
  quarter?: string
  department?: string
  expenseType?: string
  supplierId?: string
  category?: string
  vcse?: 'vcse' | 'charity' | 'socialEnterprise' | 'coop'
  leakage?: boolean
  /** Only payments to individuals and redacted payees (whose names are never shown). */
  unnamed?: boolean
}

// Size bands as the seeds define them (src/domain/suppliers): micro under 10 staff and under £2m turnover; small
// under 50 and £10m; medium under 250 and £50m. With one figure missing, only "large" can still be known.
const SIZE_BAND = sql`case
  when s.id is null then 'unknown'
  when s.employees >= 250 or s.turnover >= 50000000 then 'large'
  when s.employees is null or s.turnover is null then 'unknown'
  when s.employees < 10 and s.turnover < 2000000 then 'micro'
  when s.employees < 50 and s.turnover < 10000000 then 'small'
  else 'medium' end`

const TIER = sql`case
  when s.id is null then 'unknown'
  when s.overseas then 'overseas'
  when a.gss_code is null then 'unknown'
  when oa.relation = 'home' then 'local'
  when oa.relation = 'neighbour' then 'subRegional'
  when a.region_code = o.region_code then 'regional'
  else 'national' end`

// The financial quarter as a whole number (see quarterFromIndex in src/domain/spend/report.ts): far cheaper to
// compute and group by than a formatted label, which costs most of a second per million payments.
function quarterOf(date: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`(extract(year from ${date})::int * 12 + extract(month from ${date})::int - 4) / 3`
}
const QUARTER = quarterOf(sql`p.payment_date`)

// Rows loaded before payee kinds existed (and the demo place) mark withheld names only with is_redacted.
const PAYEE_KIND = sql`case when p.payee_kind <> 'organisation' then p.payee_kind
  when p.is_redacted then 'redacted' else 'organisation' end`

/** Every supplier as each organisation sees it: its tier in that organisation's place, size band, flags, category. */
function supplierClass(organisations: string[]): RawBuilder<unknown> {
  return sql`
    select o.id as organisation_id, s.id as supplier_id, s.name as supplier_name, s.category,
      a.gss_code as district_code, a.name as district_name,
      ${TIER} as tier, ${SIZE_BAND} as size_band,
      s.is_charity as charity, (s.is_social_enterprise or s.is_cic) as social_enterprise, s.is_coop as coop,
      (s.is_charity or s.is_cic or s.is_social_enterprise or s.is_coop) as vcse
    from organisation o
    cross join supplier s
    left join area a on a.gss_code = coalesce(s.trading_district_code, s.district_code) and a.kind = 'district'
    left join organisation_area oa on oa.organisation_id = o.id and oa.gss_code = a.gss_code
    where o.id = any(${organisations}::text[])`
}

/**
 * The classified payments matching a filter, as a subquery. A supplier's tier, size band and flags depend only on the
 * supplier and the organisation paying it, so they are worked out once per (organisation, supplier) in a materialised
 * table and joined to the payments: far cheaper than evaluating them for each of a million payments.
 */
function classified(filter: PaymentFilter): RawBuilder<unknown> {
  const organisations = [...filter.organisationIds]
  return sql`(
    with supplier_class as materialized (${supplierClass(organisations)})
    select p.id, p.organisation_id, p.amount, p.payment_date, p.supplier_id, ${PAYEE_KIND} as payee_kind,
      -- Names of people and withheld names never leave the database: only organisations' published names do.
      case when ${PAYEE_KIND} = 'organisation' then p.payee_name end as payee_name,
      p.transaction_ref, coalesce(p.department, 'Not stated') as department,
      coalesce(p.expense_type, 'Not stated') as expense_type,
      coalesce(sc.category, p.category, p.expense_type, 'Not stated') as category,
      sc.supplier_name, sc.district_code, sc.district_name,
      coalesce(sc.tier, 'unknown') as tier, coalesce(sc.size_band, 'unknown') as size_band, ${QUARTER} as quarter,
      coalesce(sc.charity, false) as charity, coalesce(sc.social_enterprise, false) as social_enterprise,
      coalesce(sc.coop, false) as coop, coalesce(sc.vcse, false) as vcse
    from payment p
    left join supplier_class sc on sc.supplier_id = p.supplier_id and sc.organisation_id = p.organisation_id
    where p.organisation_id = any(${organisations}::text[])
      and p.payment_date between ${filter.from}::date and ${filter.to}::date
  )`
}

function drillConditions(filter: PaymentFilter): RawBuilder<unknown>[] {
  const c: RawBuilder<unknown>[] = [sql`true`]
  if (filter.tier) c.push(sql`c.tier = ${filter.tier}`)
  // 'sme' is the report's SME figure: micro, small and medium together.
  if (filter.sizeBand === 'sme') c.push(sql`c.size_band in ('micro', 'small', 'medium')`)
  else if (filter.sizeBand) c.push(sql`c.size_band = ${filter.sizeBand}`)
  if (filter.quarter) c.push(sql`c.quarter = ${quarterIndexOf(filter.quarter) ?? -1}`)
  if (filter.department) c.push(sql`c.department = ${filter.department}`)
  if (filter.expenseType) c.push(sql`c.expense_type = ${filter.expenseType}`)
  if (filter.category) c.push(sql`c.category = ${filter.category}`)
  if (filter.supplierId) c.push(sql`c.supplier_id = ${filter.supplierId}::uuid`)
  if (filter.leakage) c.push(sql`c.tier not in ('local', 'unknown')`)
  if (filter.unnamed) c.push(sql`c.payee_kind <> 'organisation'`)
  if (filter.vcse === 'vcse') c.push(sql`c.vcse`)
  if (filter.vcse === 'charity') c.push(sql`c.charity`)
  if (filter.vcse === 'socialEnterprise') c.push(sql`c.social_enterprise`)
  if (filter.vcse === 'coop') c.push(sql`c.coop`)
  return c
}

/**
 * Runs report queries in one snapshot, with room to hash every grouping set in memory. With the default work_mem
 * (4 MB) PostgreSQL sorts the rows once per grouping set instead, which is several times slower.
 */
export async function withReportMemory<T>(db: Db, run: (trx: Db) => Promise<T>): Promise<T> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      await sql`set local work_mem = '128MB'`.execute(trx)
      return run(trx)
    })
}

export type AggregateRow = {
  dimension: string
  key: string | null
  amount: string | null
  count: number
}

type LeakageRow = {
  g_category: number
  category: string | null
  supplier_id: string | null
  amount: string
  count: number
}

/**
 * Where a range's figures come from: the monthly totals (kept by triggers on payment, see the spend-aggregates
 * migration) for its whole months, and the payments themselves for the days either side. With no whole month, both
 * bounds are the range's start, so no monthly total is read and every payment in the range is.
 */
function rangeParts(filter: PaymentFilter) {
  const organisations = [...filter.organisationIds]
  const months = wholeMonths(filter.from, filter.to) ?? { first: filter.from, end: filter.from }
  return {
    organisations,
    monthly: (m: RawBuilder<unknown>) => sql`${m}.organisation_id = any(${organisations}::text[])
      and ${m}.month >= ${months.first}::date and ${m}.month < ${months.end}::date`,
    // Two date ranges rather than "in the range but not in its whole months", so the index reads only the days
    // either side (none for a range of whole months) instead of every payment in the range.
    edges: sql`p.organisation_id = any(${organisations}::text[])
      and ((p.payment_date >= ${filter.from}::date and p.payment_date < ${months.first}::date)
        or (p.payment_date >= ${months.end}::date and p.payment_date <= ${filter.to}::date))`,
  }
}

/** Total (with VCSE and payee-kind totals), tier, size, quarter and supplier, in one pass over the monthly totals. */
async function aggregateBySupplier(db: Db, filter: PaymentFilter): Promise<AggregateRow[]> {
  const { organisations, monthly, edges } = rangeParts(filter)
  const result = await sql<{
    g_tier: number
    g_size: number
    g_quarter: number
    g_supplier: number
    tier: string | null
    size_band: string | null
    quarter: number | null
    supplier_id: string | null
    amount: string | null
    count: number
    vcse_amount: string | null
    vcse_count: number
    charity_amount: string | null
    charity_count: number
    social_amount: string | null
    social_count: number
    coop_amount: string | null
    coop_count: number
    individual_amount: string | null
    individual_count: number
    redacted_amount: string | null
    redacted_count: number
  }>`
    with supplier_class as materialized (${supplierClass(organisations)}),
    cells as (
      select m.organisation_id, ${quarterOf(sql`m.month`)} as quarter, m.supplier_id, m.payee_kind, m.payments, m.amount
      from spend_month_supplier m where ${monthly(sql`m`)}
      union all
      select p.organisation_id, ${quarterOf(sql`p.payment_date`)}, p.supplier_id, ${PAYEE_KIND}, 1, p.amount
      from payment p where ${edges}
    )
    select grouping(tier) as g_tier, grouping(size_band) as g_size, grouping(quarter) as g_quarter,
      grouping(supplier_id) as g_supplier, tier, size_band, quarter, supplier_id::text as supplier_id,
      sum(amount)::text as amount, coalesce(sum(payments), 0)::int as count,
      sum(amount) filter (where vcse)::text as vcse_amount,
      coalesce(sum(payments) filter (where vcse), 0)::int as vcse_count,
      sum(amount) filter (where charity)::text as charity_amount,
      coalesce(sum(payments) filter (where charity), 0)::int as charity_count,
      sum(amount) filter (where social_enterprise)::text as social_amount,
      coalesce(sum(payments) filter (where social_enterprise), 0)::int as social_count,
      sum(amount) filter (where coop)::text as coop_amount,
      coalesce(sum(payments) filter (where coop), 0)::int as coop_count,
      sum(amount) filter (where payee_kind = 'individual')::text as individual_amount,
      coalesce(sum(payments) filter (where payee_kind = 'individual'), 0)::int as individual_count,
      sum(amount) filter (where payee_kind = 'redacted')::text as redacted_amount,
      coalesce(sum(payments) filter (where payee_kind = 'redacted'), 0)::int as redacted_count
    from (
      select c.quarter, c.supplier_id, c.payee_kind, c.payments, c.amount,
        coalesce(sc.tier, 'unknown') as tier, coalesce(sc.size_band, 'unknown') as size_band,
        coalesce(sc.charity, false) as charity, coalesce(sc.social_enterprise, false) as social_enterprise,
        coalesce(sc.coop, false) as coop, coalesce(sc.vcse, false) as vcse
      from cells c
      left join supplier_class sc on sc.supplier_id = c.supplier_id and sc.organisation_id = c.organisation_id
    ) c
    group by grouping sets ((), (tier), (size_band), (quarter), (supplier_id))
  `.execute(db)
  const rows: AggregateRow[] = []
  for (const r of result.rows) {
    const base = { amount: r.amount, count: Number(r.count) }
    if (r.g_tier === 0) rows.push({ dimension: 'tier', key: r.tier, ...base })
    else if (r.g_size === 0) rows.push({ dimension: 'size', key: r.size_band, ...base })
    else if (r.g_quarter === 0)
      rows.push({ dimension: 'quarter', key: r.quarter === null ? null : String(r.quarter), ...base })
    else if (r.g_supplier === 0) rows.push({ dimension: 'supplier', key: r.supplier_id, ...base })
    else {
      rows.push({ dimension: 'total', key: null, ...base })
      rows.push({ dimension: 'vcse', key: 'true', amount: r.vcse_amount, count: Number(r.vcse_count) })
      rows.push({ dimension: 'charity', key: 'true', amount: r.charity_amount, count: Number(r.charity_count) })
      rows.push({ dimension: 'socialEnterprise', key: 'true', amount: r.social_amount, count: Number(r.social_count) })
      rows.push({ dimension: 'coop', key: 'true', amount: r.coop_amount, count: Number(r.coop_count) })
      rows.push({
        dimension: 'payeeKind',
        key: 'individual',
        amount: r.individual_amount,
        count: Number(r.individual_count),
      })
      rows.push({ dimension: 'payeeKind', key: 'redacted', amount: r.redacted_amount, count: Number(r.redacted_count) })
    }
  }
  return rows
}

/** Department and expense type, from the monthly totals by label. */
async function aggregateByLabel(db: Db, filter: PaymentFilter): Promise<AggregateRow[]> {
  const { monthly, edges } = rangeParts(filter)
  const result = await sql<{ dimension: string; label: string; amount: string; count: number }>`
    select dimension, label, sum(amount)::text as amount, sum(payments)::int as count from (
      select m.dimension, m.label, m.payments, m.amount from spend_month_label m where ${monthly(sql`m`)}
      union all
      select l.dimension, l.label, 1, p.amount
      from payment p
      cross join lateral (values ('department', coalesce(p.department, 'Not stated')),
        ('expense_type', coalesce(p.expense_type, 'Not stated'))) l (dimension, label)
      where ${edges}
    ) labelled
    group by dimension, label
  `.execute(db)
  return result.rows.map((r) => ({
    dimension: r.dimension === 'department' ? 'department' : 'expenseType',
    key: r.label,
    amount: r.amount,
    count: Number(r.count),
  }))
}

/** Leakage: spend outside the home area and of known location, in total, by category and by supplier. */
async function aggregateLeakage(db: Db, filter: PaymentFilter): Promise<LeakageRow[]> {
  const { organisations, monthly, edges } = rangeParts(filter)
  const result = await sql<LeakageRow & { g_supplier: number }>`
    with supplier_class as materialized (${supplierClass(organisations)}),
    cells as (
      select m.organisation_id, m.supplier_id, m.category, m.payments, m.amount
      from spend_month_category m where ${monthly(sql`m`)}
      union all
      select p.organisation_id, p.supplier_id, coalesce(p.category, p.expense_type), 1, p.amount
      from payment p where ${edges} and p.supplier_id is not null
    )
    select grouping(category) as g_category, grouping(supplier_id) as g_supplier, category,
      supplier_id::text as supplier_id, sum(amount)::text as amount, coalesce(sum(payments), 0)::int as count
    from (
      select c.supplier_id, coalesce(sc.category, c.category, 'Not stated') as category, c.payments, c.amount
      from cells c
      join supplier_class sc on sc.supplier_id = c.supplier_id and sc.organisation_id = c.organisation_id
      where sc.tier not in ('local', 'unknown')
    ) c
    group by grouping sets ((), (category), (supplier_id, category))
  `.execute(db)
  return result.rows
    .filter((r) => Number(r.count) > 0)
    .map((r) => ({
      g_category: r.g_category,
      category: r.category,
      supplier_id: r.g_supplier === 0 ? r.supplier_id : null,
      amount: r.amount ?? '0.00',
      count: Number(r.count),
    }))
}

/**
 * Every breakdown of the report: total (with VCSE and payee-kind totals), tier, size, quarter, department, expense
 * type, supplier, and leakage by category and by supplier. Run it inside withReportMemory, so all come from one
 * snapshot.
 */
export async function aggregateSpend(db: Db, filter: PaymentFilter, limit: number) {
  const rows = [...(await aggregateBySupplier(db, filter)), ...(await aggregateByLabel(db, filter))]
  const leakage = await aggregateLeakage(db, filter)
  const byAmount = (a: LeakageRow, b: LeakageRow) => Number(b.amount) - Number(a.amount)
  return {
    rows,
    leakage: {
      total: leakage.find((r) => r.g_category === 1 && r.supplier_id === null) ?? null,
      byCategory: leakage
        .filter((r) => r.g_category === 0 && r.supplier_id === null)
        .sort(byAmount)
        .slice(0, limit),
      bySupplier: leakage
        .filter((r) => r.supplier_id !== null)
        .sort(byAmount)
        .slice(0, limit),
    },
  }
}

/** Names, location and size of suppliers, for the top-supplier and leakage tables. */
export async function describeSuppliers(db: Db, organisationId: string, supplierIds: readonly string[]) {
  if (supplierIds.length === 0) return []
  const result = await sql<{
    id: string
    name: string
    category: string | null
    district_code: string | null
    district_name: string | null
    tier: string
    size_band: string
  }>`
    select s.id::text as id, s.name, s.category, a.gss_code as district_code, a.name as district_name,
      ${TIER} as tier, ${SIZE_BAND} as size_band
    from supplier s
    join organisation o on o.id = ${organisationId}
    left join area a on a.gss_code = coalesce(s.trading_district_code, s.district_code) and a.kind = 'district'
    left join organisation_area oa on oa.organisation_id = o.id and oa.gss_code = a.gss_code
    where s.id = any(${[...supplierIds]}::uuid[])
  `.execute(db)
  return result.rows
}

/** Suppliers in an organisation's home area that supply a category: local alternatives to leaking spend. */
export async function findLocalSuppliersByCategory(
  db: Db,
  organisationId: string,
  categories: readonly string[],
  perCategory: number,
) {
  if (categories.length === 0) return []
  const result = await sql<{ category: string; id: string; name: string }>`
    select category, id::text as id, name from (
      select s.category, s.id, s.name, row_number() over (partition by s.category order by s.name) as n
      from supplier s
      join organisation_area oa on oa.organisation_id = ${organisationId} and oa.relation = 'home'
        and oa.gss_code = coalesce(s.trading_district_code, s.district_code)
      where s.category = any(${[...categories]}::text[]) and not s.is_individual
    ) ranked where n <= ${perCategory}
  `.execute(db)
  return result.rows
}

export type PaymentRow = {
  id: number
  organisationId: string
  date: string
  amount: string
  /** The published payee name; null for individuals and redacted payees, whose names are never shown. */
  payee: string | null
  payeeKind: string
  supplierId: string | null
  supplierName: string | null
  transactionRef: string | null
  department: string
  expenseType: string
  category: string
  tier: string
  sizeBand: string
  districtName: string | null
}

/** The payments behind a figure, newest first, with the total of all that match. */
export async function listClassifiedPayments(
  db: Db,
  filter: PaymentFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: PaymentRow[]; total: { amount: string; count: number } }> {
  const where = sql.join(drillConditions(filter), sql` and `)
  const [rows, total] = await Promise.all([
    sql<PaymentRow>`
      select c.id, c.organisation_id as "organisationId", c.payment_date::text as date, c.amount::text as amount,
        c.payee_name as payee, c.payee_kind as "payeeKind", c.supplier_id::text as "supplierId",
        c.supplier_name as "supplierName", c.transaction_ref as "transactionRef", c.department,
        c.expense_type as "expenseType", c.category, c.tier, c.size_band as "sizeBand", c.district_name as "districtName"
      from ${classified(filter)} c
      where ${where}
      order by c.payment_date desc, c.id desc
      limit ${page.limit} offset ${page.offset}
    `.execute(db),
    sql<{ amount: string | null; count: number }>`
      select sum(c.amount)::text as amount, count(*)::int as count from ${classified(filter)} c where ${where}
    `.execute(db),
  ])
  const t = total.rows[0]
  return {
    rows: rows.rows.map((r) => ({ ...r, id: Number(r.id) })),
    total: { amount: t?.amount ?? '0.00', count: Number(t?.count ?? 0) },
  }
}

/**
 * The next chunk of the payments behind a figure, newest first, after the last row of the previous chunk (keyset
 * paging: each chunk reads its own rows from the date index, where an offset would re-read every row before it).
 * For downloads of any size; no total.
 */
export async function listClassifiedPaymentsAfter(
  db: Db,
  filter: PaymentFilter,
  after: { date: string; id: number } | null,
  limit: number,
): Promise<PaymentRow[]> {
  const conditions = drillConditions(filter)
  if (after)
    conditions.push(
      sql`c.payment_date <= ${after.date}::date and (c.payment_date < ${after.date}::date or c.id < ${after.id})`,
    )
  const result = await sql<PaymentRow>`
    select c.id, c.organisation_id as "organisationId", c.payment_date::text as date, c.amount::text as amount,
      c.payee_name as payee, c.payee_kind as "payeeKind", c.supplier_id::text as "supplierId",
      c.supplier_name as "supplierName", c.transaction_ref as "transactionRef", c.department,
      c.expense_type as "expenseType", c.category, c.tier, c.size_band as "sizeBand", c.district_name as "districtName"
    from ${classified(filter)} c
    where ${sql.join(conditions, sql` and `)}
    order by c.payment_date desc, c.id desc
    limit ${limit}
  `.execute(db)
  return result.rows.map((r) => ({ ...r, id: Number(r.id) }))
}

/** The date range an organisation's payments cover (to default a report to the latest year). */
export async function paymentDateRange(db: Db, organisationIds: readonly string[]) {
  const result = await sql<{ from: string | null; to: string | null }>`
    select min(payment_date)::text as "from", max(payment_date)::text as "to"
    from payment where organisation_id = any(${[...organisationIds]}::text[])
  `.execute(db)
  return result.rows[0] ?? { from: null, to: null }
}
