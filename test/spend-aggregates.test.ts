// The monthly totals behind the spend report, on both databases: after a real file is imported, imported again, and
// after a review decision moves a payee's payments to another supplier, they equal totals made afresh from the
// payments, and the report equals figures computed here straight from the payment rows (own grouping, own integer
// arithmetic), for whole quarters and for ranges that start and end part way through a month.
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '../src/domain/audit/audit.js'
import { financialQuarter, type SpendReport } from '../src/domain/spend/report.js'
import type { Services } from '../src/services.js'
import { createTestServices } from './helpers/app.js'
import { createTestDb, type TestDb } from './helpers/test-db.js'

const SPEND = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../shared/data/spend')
const OXFORD = path.join(SPEND, 'oxford-city-council/expenditure-over-500-oct-dec-2014.csv')
const ORG = 'oxford'
const HOME = 'E07000178'

let testDb: TestDb
let services: Services

beforeAll(async () => {
  testDb = await createTestDb()
  services = await createTestServices(testDb)
  await services.organisations.add(SYSTEM_ACTOR, {
    id: ORG,
    name: 'Oxford City Council',
    type: 'council',
    home: [HOME],
  })
})
afterAll(() => testDb.destroy())

function pence(amount: string): bigint {
  const negative = amount.startsWith('-')
  const [whole = '0', fraction = '0'] = amount.replace('-', '').split('.')
  const value = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2))
  return negative ? -value : value
}

function money(p: bigint): string {
  const abs = p < 0n ? -p : p
  return `${p < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`
}

/** The monthly totals as stored, and as made afresh from the payments: they must be the same rows. */
async function monthlyTotals() {
  const db = testDb.db
  const stored = await sql<Record<string, unknown>>`
    select 'supplier' as t, organisation_id, month::text as month, supplier_id::text as s, payee_kind as k,
      payments::int as n, amount::text as amount from spend_month_supplier
    union all
    select 'category', organisation_id, month::text, supplier_id::text, category, payments::int, amount::text
    from spend_month_category
    union all
    select dimension, organisation_id, month::text, null, label, payments::int, amount::text from spend_month_label
    order by 1, 2, 3, 4, 5
  `.execute(db)
  const fresh = await sql<Record<string, unknown>>`
    with p as (
      select organisation_id, to_char(payment_date, 'YYYY-MM-01') as month, supplier_id::text as s,
        case when payee_kind <> 'organisation' then payee_kind when is_redacted then 'redacted'
          else 'organisation' end as kind,
        coalesce(category, expense_type) as category, coalesce(department, 'Not stated') as department,
        coalesce(expense_type, 'Not stated') as expense_type, amount
      from payment
    )
    select 'supplier' as t, organisation_id, month, s, kind as k, count(*)::int as n, sum(amount)::text as amount
    from p group by organisation_id, month, s, kind
    union all
    select 'category', organisation_id, month, s, category, count(*)::int, sum(amount)::text
    from p where s is not null group by organisation_id, month, s, category
    union all
    select 'department', organisation_id, month, null, department, count(*)::int, sum(amount)::text
    from p group by organisation_id, month, department
    union all
    select 'expense_type', organisation_id, month, null, expense_type, count(*)::int, sum(amount)::text
    from p group by organisation_id, month, expense_type
    order by 1, 2, 3, 4, 5
  `.execute(db)
  return { stored: stored.rows, fresh: fresh.rows }
}

type Direct = {
  total: { amount: string; count: number }
  byTier: Record<string, string>
  byDepartment: Map<string, string>
  byExpenseType: Map<string, string>
  byQuarter: Map<string, string>
  bySupplier: Map<string, string>
}

/** The report's main figures straight from the payment rows in a range, summed here in whole pence. */
async function direct(from: string, to: string): Promise<Direct> {
  const rows = await sql<{
    amount: string
    date: string
    department: string | null
    expense_type: string | null
    supplier_id: string | null
    district: string | null
  }>`
    select p.amount::text as amount, p.payment_date::text as date, p.department, p.expense_type,
      p.supplier_id::text as supplier_id, coalesce(s.trading_district_code, s.district_code) as district
    from payment p left join supplier s on s.id = p.supplier_id
    where p.organisation_id = ${ORG} and p.payment_date between ${from}::date and ${to}::date
  `.execute(testDb.db)
  const add = (map: Map<string, bigint>, key: string, p: bigint) => map.set(key, (map.get(key) ?? 0n) + p)
  let total = 0n
  const tiers = new Map<string, bigint>()
  const departments = new Map<string, bigint>()
  const types = new Map<string, bigint>()
  const quarters = new Map<string, bigint>()
  const suppliers = new Map<string, bigint>()
  for (const r of rows.rows) {
    const p = pence(r.amount)
    total += p
    // Only the home district and unknown places occur in this test; anywhere else would be another tier.
    add(tiers, r.district === HOME ? 'local' : r.district === null ? 'unknown' : 'elsewhere', p)
    add(departments, r.department ?? 'Not stated', p)
    add(types, r.expense_type ?? 'Not stated', p)
    add(quarters, financialQuarter(r.date).quarter, p)
    if (r.supplier_id) add(suppliers, r.supplier_id, p)
  }
  const asMoney = (map: Map<string, bigint>) => new Map([...map].map(([k, v]) => [k, money(v)]))
  return {
    total: { amount: money(total), count: rows.rows.length },
    byTier: Object.fromEntries(asMoney(tiers)),
    byDepartment: asMoney(departments),
    byExpenseType: asMoney(types),
    byQuarter: asMoney(quarters),
    bySupplier: asMoney(suppliers),
  }
}

function expectSame(report: SpendReport, expected: Direct) {
  expect(report.total).toEqual(expected.total)
  const tiers = Object.fromEntries(
    Object.entries(report.byTier)
      .filter(([, f]) => f.count > 0)
      .map(([tier, f]) => [tier, f.amount]),
  )
  expect(tiers).toEqual(expected.byTier)
  expect(new Map(report.byDepartment.map((r) => [r.key, r.amount]))).toEqual(expected.byDepartment)
  expect(new Map(report.byExpenseType.map((r) => [r.key, r.amount]))).toEqual(expected.byExpenseType)
  expect(new Map(report.byQuarter.map((r) => [r.quarter, r.amount]))).toEqual(expected.byQuarter)
  for (const s of report.topSuppliers)
    expect([s.supplierId, s.amount]).toEqual([s.supplierId, expected.bySupplier.get(s.supplierId)])
}

const RANGES = [
  { from: '2014-10-01', to: '2014-12-31' },
  { from: '2014-10-15', to: '2014-12-10' },
  { from: '2014-11-03', to: '2014-11-20' },
  { from: '2014-04-01', to: '2015-03-31' },
]

describe('monthly totals of a real Oxford file', () => {
  let localSupplierId: string

  it('are kept as the file is imported, and the report agrees with the payments to the penny', async () => {
    // A local firm already in the registry, which the person reviewing decides a doubtful payee in the file is.
    const made = await testDb.db
      .transaction()
      .execute((trx) =>
        services.supplierResolution.resolvePayees(trx, ORG, [{ name: 'A2 Dominion Housing Group Limited' }]),
      )
    localSupplierId = [...made.values()][0]!.supplierId
    await sql`update supplier set district_code = ${HOME}, category = 'Building works' where id = ${localSupplierId}::uuid`.execute(
      testDb.db,
    )

    const summary = await services.spendImport.importFile(SYSTEM_ACTOR, { organisationId: ORG, path: OXFORD })
    expect(summary.added).toBeGreaterThan(3900)
    const { stored, fresh } = await monthlyTotals()
    expect(stored.length).toBeGreaterThan(0)
    expect(stored).toEqual(fresh)
    for (const range of RANGES)
      expectSame(await services.spendReport.report({ organisationId: ORG }, range), await direct(range.from, range.to))
  })

  it('stay the same when the file comes again', async () => {
    const before = await monthlyTotals()
    const again = await services.spendImport.importFile(SYSTEM_ACTOR, { organisationId: ORG, path: OXFORD })
    expect(again.added).toBe(0)
    expect(await monthlyTotals()).toEqual(before)
  })

  it('follow a review decision that moves a payee’s payments to another supplier', async () => {
    const matches = await services.supplierReview.listMatches(ORG)
    const match = matches.find((m) => m.payeeName === 'A2 DOMINION GROUP')
    expect(match).toBeDefined()
    const quarter = { from: '2014-10-01', to: '2014-12-31' }
    const before = await services.spendReport.report({ organisationId: ORG }, quarter)
    expect(before.byTier.local.count).toBe(0)

    const decided = await services.supplierReview.decideMatch(SYSTEM_ACTOR, ORG, match!.id, {
      action: 'pick',
      supplierId: localSupplierId,
    })
    expect(decided.paymentsMoved).toBe(3)

    const { stored, fresh } = await monthlyTotals()
    expect(stored).toEqual(fresh)
    const after = await services.spendReport.report({ organisationId: ORG }, quarter)
    expect(after.total).toEqual(before.total)
    expect(after.byTier.local.count).toBe(3)
    // The payments behind the local figure, read from the payment table, are the three moved.
    const local = await services.spendReport.payments(
      { organisationId: ORG },
      { ...quarter, tier: 'local' },
      { limit: 10, offset: 0 },
    )
    expect(local.total).toEqual(after.byTier.local)
    expect(local.rows.map((r) => r.supplierId)).toEqual([localSupplierId, localSupplierId, localSupplierId])
    for (const range of RANGES)
      expectSame(await services.spendReport.report({ organisationId: ORG }, range), await direct(range.from, range.to))
  })

  it('are removed with the organisation’s payments', async () => {
    await sql`delete from payment where organisation_id = ${ORG}`.execute(testDb.db)
    const { stored, fresh } = await monthlyTotals()
    expect(stored).toEqual([])
    expect(fresh).toEqual([])
  })
})
