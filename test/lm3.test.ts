// The LM3 local multiplier end to end: a supplier answers the survey through the page, and the organisation's
// figures are checked against a straight SQL sum of the payments and a computation by hand.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { $, Client, createTestApp, type TestApp } from './helpers/app.js'
import { createAccessFixture, FIXTURE_PASSWORD, type AccessFixture } from './helpers/fixtures.js'

const YEAR = { from: '2025-04-01', to: '2026-03-31' }

let t: TestApp
let fixture: AccessFixture
let otherSupplierId: string
let unansweredSupplierId: string
let supplier: Client
let viewer: Client

async function addSupplier(name: string): Promise<string> {
  const row = await t.services.deps.db
    .insertInto('supplier')
    .values({ name, normalised_name: name.toLowerCase() })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

async function pay(organisationId: string, supplierId: string, date: string, amount: string) {
  await t.services.deps.db
    .insertInto('payment')
    .values({
      organisation_id: organisationId,
      supplier_id: supplierId,
      payee_name: 'payee',
      payment_date: date,
      amount,
      fingerprint: `${organisationId}-${supplierId}-${date}-${amount}`,
    })
    .execute()
}

beforeAll(async () => {
  t = await createTestApp()
  fixture = await createAccessFixture(t.services)
  otherSupplierId = await addSupplier('Other Supplier Ltd')
  unansweredSupplierId = await addSupplier('Silent Supplier Ltd')
  // Fixture Supplies in 2025-26: 6,000.00 + 4,500.00 − 500.00 (a credit note) = 10,000.00. Outside R1: a payment
  // the year before, and one from the other organisation.
  await pay('org-a', fixture.supplierId, '2025-04-01', '6000.00')
  await pay('org-a', fixture.supplierId, '2025-10-15', '4500.00')
  await pay('org-a', fixture.supplierId, '2026-03-31', '-500.00')
  await pay('org-a', fixture.supplierId, '2025-03-31', '999.99')
  await pay('org-b', fixture.supplierId, '2025-06-01', '777.77')
  await pay('org-a', otherSupplierId, '2025-05-05', '30000.00')
  await pay('org-a', unansweredSupplierId, '2025-07-07', '120000.00')
  supplier = new Client(t.app)
  await supplier.signIn('supplier@example.org', FIXTURE_PASSWORD)
  viewer = new Client(t.app)
  await viewer.signIn('viewer@example.org', FIXTURE_PASSWORD)
})
afterAll(() => t.close())

const answers = (extra: Record<string, string> = {}) => ({
  supplierId: fixture.supplierId,
  organisationId: 'org-a',
  year: '2025-26',
  localSupplierShare: '40',
  staffCostShare: '30',
  localStaffShare: '50',
  ...extra,
})

describe('GET and POST /supplier/lm3', () => {
  it('offers the organisations that paid the supplier, and the years they paid in', async () => {
    const page = $((await supplier.get('/supplier/lm3')).body)
    expect(
      page('#organisationId option')
        .map((_, o) => page(o).text())
        .get(),
    ).toEqual(['Choose an organisation', 'Organisation A', 'Organisation B'])
    expect(
      page('#year option')
        .map((_, o) => page(o).text())
        .get(),
    ).toEqual(['Choose a year', '2025-26', '2024-25'])
    expect(page('input[name=supplierId]').val()).toBe(fixture.supplierId)
  })

  it('shows GOV.UK errors when local suppliers and staff add up to more than the income', async () => {
    const response = await supplier.post('/supplier/lm3', answers({ localSupplierShare: '70', staffCostShare: '40' }), {
      csrfFrom: '/supplier/lm3',
    })
    expect(response.statusCode).toBe(400)
    const page = $(response.body)
    expect(page('title').text()).toMatch(/^Error: /)
    expect(page('.govuk-error-summary a[href="#staffCostShare"]').text()).toContain('must add up to 100 or less')
    expect(page('#localSupplierShare').val()).toBe('70')
  })

  it('saves the answers as shares, audited, and shows them back', async () => {
    const response = await supplier.post('/supplier/lm3', answers(), { csrfFrom: '/supplier/lm3' })
    expect(response.statusCode).toBe(302)
    expect(response.headers.location).toBe('/supplier/lm3')
    const row = await t.services.deps.db
      .selectFrom('lm3_response')
      .selectAll()
      .where('supplier_id', '=', fixture.supplierId)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({
      organisation_id: 'org-a',
      period_start: '2025-04-01',
      period_end: '2026-03-31',
      local_supplier_share: '0.4000',
      staff_cost_share: '0.3000',
      local_staff_share: '0.5000',
      submitted_by: fixture.users.supplier.id,
    })
    const audit = await t.services.deps.db
      .selectFrom('audit_event')
      .selectAll()
      .where('entity_id', '=', row.id)
      .executeTakeFirstOrThrow()
    expect(audit).toMatchObject({ action: 'lm3.submitted', organisation_id: 'org-a', before: null })
    expect(audit.after).toMatchObject({ shares: { localSupplierShare: '0.4000' } })

    const page = $((await supplier.get('/supplier/lm3')).body)
    expect(page('table tbody tr').first().text()).toContain('Organisation A')
    expect(page('table tbody tr').first().text()).toContain('40%')
  })

  it('changes an answer in place, recording before and after', async () => {
    await supplier.post('/supplier/lm3', answers({ localSupplierShare: '45' }), { csrfFrom: '/supplier/lm3' })
    await supplier.post('/supplier/lm3', answers(), { csrfFrom: '/supplier/lm3' })
    const rows = await t.services.deps.db
      .selectFrom('lm3_response')
      .select('local_supplier_share')
      .where('supplier_id', '=', fixture.supplierId)
      .execute()
    expect(rows).toEqual([{ local_supplier_share: '0.4000' }])
    const updates = await t.services.deps.db
      .selectFrom('audit_event')
      .select(['before', 'after'])
      .where('action', '=', 'lm3.updated')
      .orderBy('id')
      .execute()
    expect(updates.at(-1)).toMatchObject({
      before: { shares: { localSupplierShare: '0.4500' } },
      after: { shares: { localSupplierShare: '0.4000' } },
    })
  })

  it('refuses answers for a supplier the person does not act for', async () => {
    const response = await supplier.post('/supplier/lm3', answers({ supplierId: otherSupplierId }), {
      csrfFrom: '/supplier/lm3',
    })
    expect(response.statusCode).toBe(403)
    const rows = await t.services.deps.db
      .selectFrom('lm3_response')
      .select('id')
      .where('supplier_id', '=', otherSupplierId)
      .execute()
    expect(rows).toEqual([])
    const page = await supplier.get(`/supplier/lm3?supplierId=${otherSupplierId}`)
    expect(page.statusCode).toBe(403)
  })

  it('refuses an organisation that never paid the supplier', async () => {
    await t.services.organisations.add(
      { userId: null, label: 'test' },
      { id: 'org-c', name: 'Organisation C', type: 'council', home: ['E09000019'] },
    )
    const response = await supplier.post('/supplier/lm3', answers({ organisationId: 'org-c' }), {
      csrfFrom: '/supplier/lm3',
    })
    expect(response.statusCode).toBe(400)
    expect($(response.body)('.govuk-error-summary a[href="#organisationId"]').text()).toContain('has paid you')
  })

  it('is not for organisation people: a viewer cannot answer', async () => {
    expect((await viewer.get('/supplier/lm3')).statusCode).toBe(403)
    const response = await viewer.post('/supplier/lm3', answers(), { csrfFrom: '/account' })
    expect(response.statusCode).toBe(403)
  })
})

describe('the LM3 report', () => {
  beforeAll(async () => {
    await t.services.lm3.submit(
      { userId: null, label: 'test' },
      {
        organisationId: 'org-a',
        supplierId: otherSupplierId,
        periodStart: YEAR.from,
        periodEnd: YEAR.to,
        percentages: { localSupplierShare: '10', staffCostShare: '0', localStaffShare: '0' },
      },
    )
  })

  it('takes R1 from the payments, as an independent SQL sum gives it', async () => {
    const report = await t.services.lm3.report('org-a', YEAR)
    const { rows } = await sql<{ total: string }>`
      select sum(amount)::text as total from payment
      where organisation_id = 'org-a' and supplier_id = ${fixture.supplierId}
        and payment_date >= ${YEAR.from}::date and payment_date <= ${YEAR.to}::date
    `.execute(t.services.deps.db)
    const row = report.suppliers.find((s) => s.supplierId === fixture.supplierId)!
    expect(row.r1).toBe(rows[0]!.total)
    expect(row.r1).toBe('10000.00')
  })

  it('gives LM3 per supplier and for the organisation as computed by hand', async () => {
    // Fixture Supplies: local share 0.40 + 0.30 × 0.50 = 0.55. R2 = 5,500.00, R3 = 3,025.00, LM3 = 18,525 / 10,000
    // = 1.8525 → 1.85. Other Supplier: 0.10. R2 = 3,000.00, R3 = 300.00, LM3 = 33,300 / 30,000 = 1.11.
    // Organisation: (18,525 + 33,300) / 40,000 = 1.295625 → 1.30; 2 of 3 suppliers paid answered, covering
    // 40,000 of 160,000 = 25.0% of the spend with suppliers.
    const report = await t.services.lm3.report('org-a', YEAR)
    expect(report.suppliers.map((s) => [s.name, s.r1, s.r2, s.r3, s.lm3])).toEqual([
      ['Other Supplier Ltd', '30000.00', '3000.00', '300.00', '1.11'],
      ['Fixture Supplies Ltd', '10000.00', '5500.00', '3025.00', '1.85'],
    ])
    expect(report.organisation).toEqual({
      r1: '40000.00',
      r2: '8500.00',
      r3: '3325.00',
      lm3: '1.30',
      answered: 2,
      paid: 3,
      paidAmount: '160000.00',
      coverage: '25.0',
    })
  })

  it('is readable by a viewer at /spend/lm3, with a table per supplier', async () => {
    const response = await viewer.get('/spend/lm3?year=2025-26')
    expect(response.statusCode).toBe(200)
    const page = $(response.body)
    expect(page('main').text()).toContain('LM3 1.30')
    expect(page('main').text()).toContain('2 of the 3 suppliers')
    expect(page('main').text()).toContain('same proportion as the supplier')
    const cells = page('table tbody tr')
      .map((_, tr) => [
        page(tr)
          .find('th, td')
          .map((__, c) => page(c).text().trim())
          .get(),
      ])
      .get() as unknown as string[][]
    expect(cells).toContainEqual(['Fixture Supplies Ltd', '£10,000.00', '£5,500.00', '£3,025.00', '1.85'])
    expect(cells.at(-1)).toEqual(['All suppliers that answered', '£40,000.00', '£8,500.00', '£3,325.00', '1.30'])
  })

  it('is summed up on the spend dashboard, with a link', async () => {
    const page = $((await viewer.get('/spend?from=2025-04-01&to=2026-03-31')).body)
    const section = page('#lm3').next('p')
    expect(section.text()).toContain('LM3 1.30')
    expect(section.find('a').attr('href')).toBe('/spend/lm3?year=2025-26')
  })
})
