// What the social value pages publish, and how they show value no proxy prices. The public page leaves out a
// cancelled contract altogether (it never took effect and the public register does not show it), while officers
// still see it; and a theme whose measures have no proxy value says it is counted in units only instead of £0.00,
// with its units still shown by measure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertContract } from '../src/db/repositories/contract.repository.js'
import type { Actor } from '../src/domain/audit/audit.js'
import { emptyContractDraft } from '../src/domain/contracts/contract.js'
import { syncShippedFrameworks } from '../src/services/sv-framework.service.js'
import { $, Client, createTestApp, type TestApp } from './helpers/app.js'
import { createAccessFixture, FIXTURE_PASSWORD, type AccessFixture } from './helpers/fixtures.js'

/** Mid-August 2026: the April to June quarter is in the financial year to date, and its returns are due. */
const NOW = new Date('2026-08-15T10:00:00Z')
const Q1 = { periodStart: '2026-04-01', periodEnd: '2026-06-30' }
const PUBLIC_PAGE = '/public/org-a/social-value'

let t: TestApp
let fixture: AccessFixture
let officer: Client
const contracts = {} as Record<'live' | 'cancelled', string>

const officerActor = (): Actor => ({ userId: fixture.users.officer.id, label: 'officer@example.org' })
const supplierActor = (): Actor => ({ userId: fixture.users.supplier.id, label: 'supplier@example.org' })

async function addContract(reference: string, title: string) {
  const draft = {
    ...emptyContractDraft(reference, title),
    suppliers: [
      {
        supplierId: fixture.supplierId,
        name: 'Fixture Supplies Ltd',
        companyNumber: null,
        charityNumber: null,
        otherRegistration: null,
        postcode: null,
        isSme: null,
        isVcse: null,
      },
    ],
  }
  return insertContract(t.testDb.db, { organisationId: 'org-a', draft, actorUserId: null, source: 'manual' })
}

/** A first-quarter commitment, and (when given) the supplier's return for it, accepted. */
async function deliver(contractId: string, measureId: string, target: string, actual?: string) {
  await t.services.svReturns.saveCommitment(officerActor(), 'org-a', {
    contractId,
    measureId,
    ...Q1,
    targetQuantity: target,
  })
  if (actual === undefined) return
  const made = await t.services.svReturns.submitReturn(supplierActor(), fixture.supplierId, {
    contractId,
    measureId,
    ...Q1,
    actualQuantity: actual,
    description: 'Records',
  })
  await t.services.svReturns.reviewReturn(officerActor(), 'org-a', { returnId: made.id, decision: 'accepted' })
}

/** The cells of a table's row, by the text of its row header. */
function rowOf(html: string, table: string, header: string): string[] {
  const page = $(html)
  const row = page(`#table-${table} tbody tr`).filter((_, tr) => page(tr).find('th').text().trim() === header)
  expect(row.length, `${table}: ${header}`).toBe(1)
  return row
    .find('td')
    .map((_, td) => page(td).text().trim())
    .get()
}

const headline = (html: string, label: string) =>
  $(html)('.cwb-headline dt')
    .filter((_, dt) => $(html)(dt).text().trim() === label)
    .next('dd')
    .text()
    .trim()

beforeAll(async () => {
  t = await createTestApp({ clock: { now: () => NOW } })
  fixture = await createAccessFixture(t.services)
  await syncShippedFrameworks(t.testDb.db)
  const measures = new Map((await t.services.svFrameworks.measures('islington-2020')).map((m) => [m.code, m.id]))
  contracts.live = await addContract('SV-PUB-1', 'Street cleaning')
  contracts.cancelled = await addContract('SV-PUB-2', 'Youth services')
  // Local jobs at £10,025.00 per FTE-year; people trained (a social measure) has no proxy value.
  await deliver(contracts.live, measures.get('ISL-E1')!, '2', '1')
  await deliver(contracts.live, measures.get('ISL-S1')!, '10', '8')
  await deliver(contracts.cancelled, measures.get('ISL-E1')!, '5', '3')
  // The second contract is cancelled after its commitment and return were recorded.
  await t.testDb.db.updateTable('contract').set({ status: 'cancelled' }).where('id', '=', contracts.cancelled).execute()
  officer = new Client(t.app)
  await officer.signIn('officer@example.org', FIXTURE_PASSWORD)
})
afterAll(async () => {
  await t.close()
})

describe('a cancelled contract on the public social value page', () => {
  it('is not listed or linked, and its figures are not in the totals', async () => {
    const response = await new Client(t.app).get(PUBLIC_PAGE)
    expect(response.statusCode).toBe(200)
    const html = response.body
    expect(html).not.toContain('SV-PUB-2')
    expect(html).not.toContain(contracts.cancelled)
    expect(headline(html, 'Social value promised')).toBe('£20,050.00')
    expect(headline(html, 'Social value delivered')).toBe('£10,025.00')
    expect(rowOf(html, 'themes', 'Economic').slice(0, 2)).toEqual(['£20,050.00', '£10,025.00'])
    expect(rowOf(html, 'quarters', '2026-27 Q1')[1]).toBe('£20,050.00')
  })

  it('links every contract it lists to a public register page that exists', async () => {
    const visitor = new Client(t.app)
    const page = $((await visitor.get(PUBLIC_PAGE)).body)
    const hrefs = page('#table-contracts a')
      .map((_, a) => page(a).attr('href'))
      .get()
    expect(hrefs).toEqual([`/public/org-a/contracts/${contracts.live}`])
    for (const href of hrefs) expect((await visitor.get(href)).statusCode, href).toBe(200)
  })

  it('is not in the public downloads', async () => {
    const visitor = new Client(t.app)
    for (const table of ['contracts', 'themes', 'quarters']) {
      const csv = await visitor.get(`/public/org-a/social-value/${table}.csv`)
      expect(csv.statusCode, table).toBe(200)
      expect(csv.body, table).not.toContain('SV-PUB-2')
      expect(csv.body, table).not.toContain('70175.00')
    }
  })

  it('is still on the officers’ dashboard, with its figures', async () => {
    const html = (await officer.get('/social-value')).body
    expect($(html)('#table-contracts').text()).toContain('SV-PUB-2: Youth services')
    // 2 + 5 FTE-years promised at £10,025.00.
    expect(headline(html, 'Social value promised')).toBe('£70,175.00')
  })
})

describe('a theme no proxy value prices', () => {
  it('is counted in units only on the officers’ dashboard, its units shown by measure', async () => {
    const html = (await officer.get('/social-value')).body
    expect(rowOf(html, 'themes', 'Social')).toEqual([
      'Counted in units only',
      'Counted in units only',
      'Counted in units only',
    ])
    // Nothing was promised or delivered in the environmental theme: that is still £0.00.
    expect(rowOf(html, 'themes', 'Environmental').slice(0, 2)).toEqual(['£0.00', '£0.00'])
    const measure = $(html)('#table-measures tbody tr').filter((_, tr) => $(html)(tr).text().includes('ISL-S1'))
    const cells = measure
      .find('td')
      .map((_, td) => $(html)(td).text().trim())
      .get()
    expect(cells.slice(0, 4)).toEqual(['Social', '10', '8', 'Counted in units only'])
    expect($(html)('#chart-themes').text()).not.toContain('Social')
  })

  it('is counted in units only on the public page and the quarterly report', async () => {
    const published = (await new Client(t.app).get(PUBLIC_PAGE)).body
    expect(rowOf(published, 'themes', 'Social')[0]).toBe('Counted in units only')
    const report = (await officer.get('/social-value/report?quarter=2026-27-Q1')).body
    expect(rowOf(report, 'themes', 'Social')[0]).toBe('Counted in units only')
  })

  it('is counted in units only on its commitment’s page and in the commitments list, never £0.00', async () => {
    const [unpriced] = await t.services.svReturns
      .listCommitments('org-a', { contractId: contracts.live })
      .then((all) => all.filter((c) => c.measureCode === 'ISL-S1'))
    const page = $((await officer.get(`/social-value/commitments/${unpriced!.id}`)).body)
    const value = (key: string) =>
      page('.govuk-summary-list__row')
        .filter((_, row) => page(row).find('dt').text().trim() === key)
        .find('dd')
        .first()
        .text()
        .trim()
    expect(value('Value of the commitment')).toBe('Counted in units only')
    expect(value('Value delivered')).toBe('Counted in units only')
    const list = $((await officer.get('/social-value/commitments')).body)
    const row = list('tbody tr').filter((_, tr) => list(tr).text().includes('ISL-S1'))
    expect(row.text()).toContain('Counted in units only')
    expect(row.text()).not.toContain('£0.00')
    // A priced commitment still shows its value in pounds (2 FTE-years at £10,025.00).
    const priced = list('tbody tr').filter(
      (_, tr) => list(tr).text().includes('ISL-E1') && list(tr).text().includes('SV-PUB-1'),
    )
    expect(priced.text()).toContain('£20,050.00')
  })

  it('has no £ in the themes download, rather than 0.00', async () => {
    const csv = (await officer.get('/social-value/themes.csv')).body.split('\r\n')
    expect(csv).toContain('Social,,,')
    expect(csv).toContain('Environmental,0.00,0.00,')
  })
})
