import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb, type TestDb } from '../../test/helpers/test-db.js'
import { syncAreas } from '../db/repositories/area.repository.js'
import { countPayments, insertPayments } from '../db/repositories/payment.repository.js'
import { countSuppliers } from '../db/repositories/supplier.repository.js'
import { SYSTEM_ACTOR } from '../domain/audit/audit.js'
import { ConflictError } from '../domain/errors.js'
import { loadGeography } from '../reference/geography.js'
import { createServices, type Services } from '../services.js'
import { DEMO_ORGANISATIONS, DEMO_SEED, ISLINGTON, generateDemoPlace, penceToDecimal } from './demo-data.js'
import { DEMO_ACCOUNTS, DEMO_NETWORK, DEMO_PASSWORD, loadDemoPlace, type DemoPlaceSummary } from './demo-place.js'
import { ensureDemoPlace } from './ensure-demo.js'

const fakeHasher = { hash: async (p: string) => `h:${p}`, verify: async (h: string, p: string) => h === `h:${p}` }
const expected = generateDemoPlace(DEMO_SEED)

let testDb: TestDb
let services: Services
let summary: DemoPlaceSummary

async function paymentTotals(): Promise<Map<string, { count: number; total: string }>> {
  const rows = await testDb.db
    .selectFrom('payment')
    .select(['organisation_id', sql<number>`count(*)::int`.as('count'), sql<string>`sum(amount)::text`.as('total')])
    .groupBy('organisation_id')
    .execute()
  return new Map(rows.map((r) => [r.organisation_id, { count: Number(r.count), total: r.total }]))
}

beforeAll(async () => {
  testDb = await createTestDb()
  const geography = loadGeography()
  await syncAreas(testDb.db, geography)
  services = createServices({ db: testDb.db, geography, publicUrl: 'http://localhost:3000', hasher: fakeHasher })
  summary = await loadDemoPlace(services)
})

afterAll(async () => {
  await testDb?.destroy()
})

describe('loadDemoPlace', () => {
  it('says what it loaded', async () => {
    expect(summary).toEqual({
      organisations: ['islington-council', 'islington-health', 'islington-college'],
      suppliers: expected.suppliers.length,
      payments: expected.payments.length,
      accounts: DEMO_ACCOUNTS.length,
    })
    expect(await services.system.demoMarker()).toEqual({
      loadedAt: expect.any(String),
      organisations: summary.organisations,
    })
  })

  it('adds three Islington anchors with the default neighbours and region, in one network', async () => {
    const orgs = await services.organisations.list()
    expect(orgs.map((o) => [o.id, o.name, o.type]).sort()).toEqual(
      DEMO_ORGANISATIONS.map((o) => [o.id, o.name, o.type]).sort(),
    )
    for (const org of orgs) {
      expect(org.home.map((a) => a.code)).toEqual([ISLINGTON])
      expect(org.neighbours.map((a) => a.name)).toEqual(['Camden', 'City of London', 'Hackney', 'Haringey'])
      expect(org.region.name).toBe('London')
    }
    const network = await services.organisations.getNetwork(DEMO_NETWORK.id)
    expect(network.name).toBe(DEMO_NETWORK.name)
    expect(network.members.map((m) => m.id).sort()).toEqual(summary.organisations.slice().sort())
  })

  it('stores every generated supplier and payment', async () => {
    expect(await countSuppliers(testDb.db)).toBe(expected.suppliers.length)
    for (const org of DEMO_ORGANISATIONS) {
      expect(await countPayments(testDb.db, org.id)).toBe(
        expected.payments.filter((p) => p.organisationId === org.id).length,
      )
    }
    expect(await countPayments(testDb.db)).toBe(expected.payments.length)
  })

  it('stores amounts exactly: each organisation’s total equals the sum of the generated pence', async () => {
    const totals = await paymentTotals()
    for (const org of DEMO_ORGANISATIONS) {
      const pence = expected.payments
        .filter((p) => p.organisationId === org.id)
        .reduce((sum, p) => sum + p.amountPence, 0)
      expect(totals.get(org.id)?.total, org.id).toBe(penceToDecimal(pence))
    }
  })

  it('links payments to their suppliers, and leaves redacted payees unlinked', async () => {
    const rows = await testDb.db
      .selectFrom('payment as p')
      .leftJoin('supplier as s', 's.id', 'p.supplier_id')
      .select(['p.is_redacted', 'p.payee_name', 'p.category', 's.category as supplier_category', 'p.supplier_id'])
      .execute()
    for (const row of rows) {
      if (row.is_redacted) expect([row.supplier_id, row.payee_name]).toEqual([null, 'REDACTED PERSONAL DATA'])
      else expect(row.category).toBe(row.supplier_category)
    }
  })

  it('adds one account per role, each able to sign in with the demo password', async () => {
    for (const account of DEMO_ACCOUNTS) {
      const found = await services.users.findByEmail(account.email)
      expect(found, account.email).toBeDefined()
      const user = await services.users.get(found!.id)
      expect(user.name).toBe(account.name)
      expect(user.isAdmin).toBe(account.role === 'admin')
      const result = await services.auth.signIn(SYSTEM_ACTOR, account.email, DEMO_PASSWORD)
      expect(result.ok, account.email).toBe(true)
      if (account.role === 'admin') expect(user.memberships).toEqual([])
      else if (account.role === 'supplier')
        expect(user.memberships).toEqual([expect.objectContaining({ role: 'supplier' })])
      else
        expect(user.memberships.map((m) => [m.role, 'organisationId' in m ? m.organisationId : null]).sort()).toEqual(
          [account.organisation!, ...(account.alsoIn ?? [])].map((org) => [account.role, org]).sort(),
        )
    }
  })

  it('gives the network account the analyst role in all three organisations', async () => {
    const user = await services.users.get((await services.users.findByEmail('network@demo.cwb.localhost'))!.id)
    expect(user.memberships.map((m) => m.role)).toEqual(['analyst', 'analyst', 'analyst'])
    expect(user.memberships.map((m) => ('organisationId' in m ? m.organisationId : '')).sort()).toEqual(
      summary.organisations.slice().sort(),
    )
  })

  it('links the supplier account to a local small or medium company', async () => {
    const user = await services.users.get((await services.users.findByEmail('supplier@demo.cwb.localhost'))!.id)
    const membership = user.memberships[0]!
    expect('supplierId' in membership).toBe(true)
    const supplier = await testDb.db
      .selectFrom('supplier')
      .selectAll()
      .where('id', '=', 'supplierId' in membership ? membership.supplierId : '')
      .executeTakeFirstOrThrow()
    expect(supplier.district_code).toBe(ISLINGTON)
    expect(supplier.employees).toBeGreaterThanOrEqual(10)
    expect(supplier.employees).toBeLessThan(250)
    expect(Number(supplier.turnover)).toBeLessThan(50_000_000)
  })

  it('records what it did in the audit log as the demo loader', async () => {
    const events = await testDb.db.selectFrom('audit_event').select(['actor_label', 'action']).execute()
    const byLoader = events.filter((e) => e.actor_label === 'demo loader').map((e) => e.action)
    expect(byLoader.filter((a) => a === 'organisation.add')).toHaveLength(3)
    expect(byLoader.filter((a) => a === 'network.add')).toHaveLength(1)
    expect(byLoader.filter((a) => a === 'user.add')).toHaveLength(DEMO_ACCOUNTS.length)
    expect(byLoader.filter((a) => a === 'membership.grant')).toHaveLength(2)
  })
})

describe('loading twice', () => {
  it('is skipped by ensureDemoPlace, and refused by loadDemoPlace before anything is added', async () => {
    const before = { suppliers: await countSuppliers(testDb.db), payments: await paymentTotals() }
    expect(await ensureDemoPlace(services)).toBeNull()
    await expect(loadDemoPlace(services)).rejects.toBeInstanceOf(ConflictError)
    expect(await countSuppliers(testDb.db)).toBe(before.suppliers)
    expect(await paymentTotals()).toEqual(before.payments)
  })

  it('adds no payment twice when the same payments are inserted again', async () => {
    const rows = await testDb.db
      .selectFrom('payment')
      .selectAll()
      .where('organisation_id', '=', 'islington-college')
      .execute()
    const again = rows.map((r) => ({
      organisationId: r.organisation_id,
      supplierId: r.supplier_id,
      payeeName: r.payee_name,
      paymentDate: r.payment_date,
      amount: r.amount,
      fingerprint: r.fingerprint,
    }))
    expect(await insertPayments(testDb.db, again)).toBe(0)
    expect(await countPayments(testDb.db, 'islington-college')).toBe(rows.length)
  })
})
