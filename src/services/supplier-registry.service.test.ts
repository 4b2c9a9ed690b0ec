// Loading a vendor master, and reading suppliers back, on a real database (PGlite and PostgreSQL).
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertPayments } from '../db/repositories/payment.repository.js'
import { SYSTEM_ACTOR } from '../domain/audit/audit.js'
import { NotFoundError } from '../domain/errors.js'
import { readTabular } from '../ingest/read-tabular.js'
import { createTestServices } from '../../test/helpers/app.js'
import { createTestDb, type TestDb } from '../../test/helpers/test-db.js'
import type { Services } from '../services.js'
import { VendorMasterError, type TabularRow } from './supplier-registry.service.js'

const SAMPLE = fileURLToPath(new URL('../../test/fixtures/vendor-master-sample.csv', import.meta.url))
const ORG = 'org-v'

let testDb: TestDb
let services: Services
let sample: TabularRow[]

beforeAll(async () => {
  testDb = await createTestDb()
  services = await createTestServices(testDb)
  await services.organisations.add(SYSTEM_ACTOR, {
    id: ORG,
    name: 'Vendor Council',
    type: 'council',
    home: ['E08000035'],
  })
  sample = []
  for await (const row of readTabular({ path: SAMPLE })) sample.push({ rowNumber: row.rowNumber, cells: row.cells })
})
afterAll(() => testDb.destroy())

const rows = (...lines: string[][]): TabularRow[] => lines.map((cells, i) => ({ rowNumber: i + 1, cells }))
const byName = (name: string) =>
  testDb.db.selectFrom('supplier').selectAll().where('name', '=', name).executeTakeFirstOrThrow()
const count = async (table: 'supplier' | 'supplier_alias') =>
  Number(
    (
      await testDb.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

describe('importVendorMaster', () => {
  it('refuses the whole file, with every bad row and its reason', async () => {
    const bad = rows(
      ['Name', 'Company number', 'Postcode', 'Employees', 'Charity'],
      ['Good Firm Ltd', '', 'LS1 4AP', '3', 'no'],
      ['', '', '', '', ''],
      ['Bad Number Ltd', 'ABC', 'not a postcode', 'many', 'perhaps'],
      ['Good Firm Ltd', '', '', '', ''],
    )
    const error = await services.suppliers.importVendorMaster(SYSTEM_ACTOR, ORG, bad).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(VendorMasterError)
    expect((error as VendorMasterError).rowErrors).toEqual([
      { row: 3, reason: 'Supplier name is missing' },
      { row: 4, reason: 'Company number "ABC" is not a Companies House number' },
      { row: 4, reason: 'Postcode "not a postcode" is not a UK postcode' },
      { row: 4, reason: 'Employees must be a whole number, not "many"' },
      { row: 4, reason: 'Charity must be yes or no, not "perhaps"' },
      { row: 5, reason: 'It repeats the supplier in row 2' },
    ])
    expect(await count('supplier')).toBe(0)
  })

  it('needs a name column', async () => {
    await expect(
      services.suppliers.importVendorMaster(SYSTEM_ACTOR, ORG, rows(['Company number'], ['01234567'])),
    ).rejects.toThrow(/No supplier name column/)
  })

  it('adds verified suppliers with identifiers, district, size figures, legal form, flags and vendor-master aliases', async () => {
    const summary = await services.suppliers.importVendorMaster(SYSTEM_ACTOR, ORG, sample)
    expect(summary).toEqual({ rows: 8, created: 8, updated: 0, unchanged: 0 })
    expect(await byName('Hunslet Community Kitchen CIC')).toMatchObject({
      company_number: '07654321',
      postcode: 'LS10 1AB',
      district_code: 'E08000035',
      employees: 8,
      turnover: '450000.00',
      legal_form: 'community-interest-company',
      is_cic: true,
      is_social_enterprise: true,
      living_wage_accredited: true,
      verified: true,
      source: 'vendor-master',
    })
    expect(await byName('Armley Joinery Ltd')).toMatchObject({
      company_number: '08888888',
      postcode: 'LS12 2AA',
      turnover: '3200000.00',
    })
    expect(await byName('Leeds Food Aid Trust')).toMatchObject({ charity_number: '1100001', is_charity: true })
    expect(await byName('Kirkstall Workers Co-operative Ltd')).toMatchObject({ is_coop: true, is_employee_owned: true })
    expect(await byName('Aire Valley Couriers')).toMatchObject({ is_individual: true, employees: null })
    expect(await byName('Aire & Calder Transport Authority')).toMatchObject({ is_public_body: true })
    const aliases = await testDb.db.selectFrom('supplier_alias').selectAll().execute()
    expect(aliases).toHaveLength(8)
    expect(aliases.every((a) => a.source === 'vendor-master' && a.organisation_id === ORG)).toBe(true)
  })

  it('changes nothing when the same file is loaded again', async () => {
    const before = [await count('supplier'), await count('supplier_alias')]
    expect(await services.suppliers.importVendorMaster(SYSTEM_ACTOR, ORG, sample)).toEqual({
      rows: 8,
      created: 0,
      updated: 0,
      unchanged: 8,
    })
    expect([await count('supplier'), await count('supplier_alias')]).toEqual(before)
  })

  it('updates a supplier found by number or by name, and payees then resolve to it', async () => {
    const provisional = await testDb.db
      .transaction()
      .execute((trx) => services.supplierResolution.resolvePayees(trx, ORG, [{ name: 'Headingley Hardware' }]))
    const id = provisional.get('headingley hardware')!.supplierId
    const summary = await services.suppliers.importVendorMaster(
      SYSTEM_ACTOR,
      ORG,
      rows(
        ['Vendor name', 'CRN', 'Staff', 'Turnover'],
        ['HEADINGLEY HARDWARE LIMITED', '', '3', '£90k'],
        ['Armley Joinery', '08888888', '40', ''],
      ),
    )
    expect(summary).toEqual({ rows: 2, created: 0, updated: 2, unchanged: 0 })
    expect(await byName('Headingley Hardware')).toMatchObject({
      id,
      verified: true,
      employees: 3,
      turnover: '90000.00',
    })
    expect(await byName('Armley Joinery Ltd')).toMatchObject({ employees: 40 })
    const again = await testDb.db
      .transaction()
      .execute((trx) => services.supplierResolution.resolvePayees(trx, ORG, [{ name: 'Headingley Hardware Ltd' }]))
    expect(again.get('headingley hardware')).toMatchObject({ supplierId: id, review: false })
  })

  it('records the load in the audit log', async () => {
    const events = await testDb.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'supplier.vendor_master_import')
      .execute()
    expect(events.length).toBeGreaterThanOrEqual(3)
  })
})

describe('reading suppliers', () => {
  it('lists the suppliers an organisation paid with totals, and shows one with its aliases', async () => {
    const armley = await byName('Armley Joinery Ltd')
    await insertPayments(testDb.db, [
      {
        organisationId: ORG,
        supplierId: armley.id,
        payeeName: 'ARMLEY JOINERY',
        paymentDate: '2025-04-02',
        amount: '700.00',
        fingerprint: 'v1',
      },
      {
        organisationId: ORG,
        supplierId: armley.id,
        payeeName: 'ARMLEY JOINERY',
        paymentDate: '2025-04-03',
        amount: '300.00',
        fingerprint: 'v2',
      },
    ])
    const { suppliers, total } = await services.suppliers.listPaid(ORG, { page: 1, pageSize: 50 })
    expect(total).toBe(1)
    expect(suppliers[0]).toMatchObject({
      id: armley.id,
      payments: 2,
      amount: '1000.00',
      sizeBand: 'small',
      districtName: 'Leeds',
    })
    const record = await services.suppliers.get(ORG, armley.id)
    expect(record).toMatchObject({ payments: 2, amount: '1000.00' })
    // "Armley Joinery" from the second load normalises as the first load's name did: one alias, not two.
    expect(record.aliases.map((a) => a.alias)).toEqual(['Armley Joinery Ltd'])
    await expect(services.suppliers.get(ORG, 'not-an-id')).rejects.toThrow(NotFoundError)
  })
})
