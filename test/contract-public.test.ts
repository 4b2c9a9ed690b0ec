// The public contracts register and contract pages, and the officers' register list: what each audience sees, that
// withheld fields, owners, notes and approvers never reach a public page, the payments total and overspend warning,
// the filters' errors, pages, and each organisation kept to its own contracts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertContract, insertVariation } from '../src/db/repositories/contract.repository.js'
import {
  emptyContractDraft,
  parseContractDraft,
  type ContractDraft,
  type ContractSupplier,
} from '../src/domain/contracts/contract.js'
import { $, Client, createTestApp, type TestApp } from './helpers/app.js'
import { createAccessFixture, FIXTURE_PASSWORD, type AccessFixture } from './helpers/fixtures.js'

const TODAY = '2026-06-15'
/** Text that must never appear on a public page. */
const SECRETS = [
  'Olivia Owner',
  'olivia.owner@example.org',
  'Renegotiate before the election',
  'Approver Person',
  'Hidden Supplier Ltd',
  'Secret method statement',
  '987,654.32',
  'Mr Private Person',
  'Cancelled catering',
  'Organisation B road repairs',
]

let t: TestApp
let fixture: AccessFixture
const ids: Record<string, string> = {}
let greenfingersId: string

function draft(overrides: Partial<ContractDraft>): ContractDraft {
  const parsed = parseContractDraft({ ...emptyContractDraft('X', 'X'), ...overrides })
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues))
  return parsed.data
}

function supplier(name: string, overrides: Partial<ContractSupplier> = {}): ContractSupplier {
  return {
    supplierId: null,
    name,
    companyNumber: null,
    charityNumber: null,
    otherRegistration: null,
    postcode: 'N1 1AA',
    isSme: null,
    isVcse: null,
    ...overrides,
  }
}

async function add(key: string, organisationId: string, overrides: Partial<ContractDraft>) {
  ids[key] = await insertContract(t.testDb.db, {
    organisationId,
    draft: draft(overrides),
    actorUserId: null,
    source: 'manual',
  })
}

const PAYMENTS = [
  { date: '2025-12-31', amount: '9000.00', payee: 'Greenfingers Co-operative Ltd', kind: 'organisation' }, // before
  { date: '2026-01-05', amount: '80000.00', payee: 'Greenfingers Co-operative Ltd', kind: 'organisation' },
  { date: '2026-03-05', amount: '75000.50', payee: 'GREENFINGERS COOP', kind: 'organisation' },
  { date: '2026-04-05', amount: '-2500.25', payee: 'Greenfingers Co-operative Ltd', kind: 'organisation' },
  { date: '2026-05-05', amount: '1200.00', payee: 'Mr Private Person', kind: 'individual' },
] as const

beforeAll(async () => {
  t = await createTestApp({ clock: { now: () => new Date(`${TODAY}T09:00:00Z`) } })
  fixture = await createAccessFixture(t.services)
  const db = t.testDb.db
  greenfingersId = (
    await db
      .insertInto('supplier')
      .values({ name: 'Greenfingers Co-operative Ltd', normalised_name: 'greenfingers cooperative' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id
  await add('grounds', 'org-a', {
    reference: 'GM-2026-01',
    title: 'Grounds maintenance of parks',
    description: 'Mowing, planting and litter picking in the borough’s parks',
    department: 'Environment',
    totalValue: '150000',
    annualValue: '75000',
    startDate: '2026-01-01',
    endDate: '2027-12-31',
    cpvCodes: ['77310000'],
    procurementRoute: 'open',
    ownerName: 'Olivia Owner',
    ownerEmail: 'olivia.owner@example.org',
    notes: 'Renegotiate before the election',
    suppliers: [
      supplier('Greenfingers Co-operative Ltd', {
        supplierId: greenfingersId,
        companyNumber: '01234567',
        isSme: true,
        isVcse: true,
      }),
    ],
    lots: [{ lotNumber: '1', title: 'North parks', description: null, value: '90000' }],
  })
  await add('confidential', 'org-a', {
    reference: 'CL-2026-02',
    title: 'Office cleaning',
    description: 'Secret method statement',
    department: 'Resources',
    totalValue: '987654.32',
    startDate: '2025-04-01',
    endDate: '2028-03-31',
    confidentialFields: ['description', 'suppliers', 'totalValue'],
    suppliers: [supplier('Hidden Supplier Ltd', { isSme: true })],
  })
  await add('cancelled', 'org-a', { reference: 'CA-1', title: 'Cancelled catering', status: 'cancelled' })
  await add('other', 'org-b', { reference: 'B-1', title: 'Organisation B road repairs', totalValue: '600000' })
  for (let i = 0; i < 22; i++)
    await add(`filler${i}`, 'org-a', {
      reference: `FL-${String(i).padStart(3, '0')}`,
      title: `Library books batch ${i}`,
      department: 'Libraries',
      startDate: '2024-01-01',
      endDate: '2024-12-31',
    })
  await insertVariation(db, {
    contractId: ids.grounds!,
    kind: 'variation',
    variedOn: '2026-03-01',
    reason: 'Two more parks added',
    valueChange: '10000.00',
    previousTotalValue: '140000.00',
    newTotalValue: '150000.00',
    previousEndDate: null,
    newEndDate: null,
    previousReviewDate: null,
    newReviewDate: null,
    approvedBy: 'Approver Person',
    recordedBy: null,
  })
  await db
    .insertInto('payment')
    .values(
      PAYMENTS.map((p, i) => ({
        organisation_id: 'org-a',
        supplier_id: greenfingersId,
        payee_name: p.payee,
        payee_kind: p.kind,
        payment_date: p.date,
        amount: p.amount,
        fingerprint: `fp-${i}`,
      })),
    )
    .execute()
})
afterAll(() => t.close())

function expectNoSecrets(html: string) {
  for (const secret of SECRETS) expect(html, secret).not.toContain(secret)
}

const resultTitles = (html: string) =>
  $(html)('.cwb-result h3 a')
    .map((_, a) => $(html)(a).text().trim())
    .get()

describe('GET /public/:organisationId/contracts', () => {
  it('lists the published contracts with withheld fields marked, and nothing private', async () => {
    const response = await new Client(t.app).get('/public/org-a/contracts')
    expect(response.statusCode).toBe(200)
    const page = $(response.body)
    expect(page('h1').text()).toContain('Contracts register')
    expect(page('#results').text()).toContain('24 contracts')
    expect(response.body).toContain('Withheld (commercially confidential)')
    expectNoSecrets(response.body)
    expect(page('a[href="/public/org-a/contracts.csv"]').length).toBe(1)
    expect(page('a[href="/public/org-a/pipeline"]').length).toBe(1)
    expect(page('form[method="get"] input[name="q"]').length).toBe(1)
  })

  it('searches by word, by the start of a word and by reference, but never by a withheld field', async () => {
    const client = new Client(t.app)
    expect(resultTitles((await client.get('/public/org-a/contracts?q=ground')).body)).toEqual([
      'Grounds maintenance of parks',
    ])
    expect(resultTitles((await client.get('/public/org-a/contracts?q=greenfing')).body)).toEqual([
      'Grounds maintenance of parks',
    ])
    expect(resultTitles((await client.get('/public/org-a/contracts?q=cl-2026')).body)).toEqual(['Office cleaning'])
    for (const q of ['hidden', 'secret', 'renegotiate', 'olivia'])
      expect(resultTitles((await client.get(`/public/org-a/contracts?q=${q}`)).body), q).toEqual([])
  })

  it('filters, never matching a withheld value or withheld suppliers', async () => {
    const client = new Client(t.app)
    const titles = async (qs: string) => resultTitles((await client.get(`/public/org-a/contracts?${qs}`)).body)
    expect(await titles('valueBand=500k-1m')).toEqual([])
    expect(await titles('valueBand=100k-500k')).toEqual(['Grounds maintenance of parks'])
    expect(await titles('sme=yes')).toEqual(['Grounds maintenance of parks'])
    expect(await titles('vcse=yes&department=Environment')).toEqual(['Grounds maintenance of parks'])
    expect(await titles('status=expired&q=library')).toHaveLength(20)
    expect(await titles('endFrom=2028-01-01')).toEqual(['Office cleaning'])
  })

  it('pages through the results with the GOV.UK pagination, keeping the search', async () => {
    const client = new Client(t.app)
    const first = $((await client.get('/public/org-a/contracts?q=library&sort=title')).body)
    expect(first('.cwb-result').length).toBe(20)
    const next = first('.govuk-pagination__next a').attr('href')
    expect(next).toBe('/public/org-a/contracts?q=library&sort=title&page=2')
    const second = $((await client.get(next!)).body)
    expect(second('.cwb-result').length).toBe(2)
    expect(second('.govuk-pagination__prev a').attr('href')).toBe('/public/org-a/contracts?q=library&sort=title')
  })

  it('reports a filter that is wrong, and still searches on the rest', async () => {
    const response = await new Client(t.app).get(
      '/public/org-a/contracts?q=ground&startFrom=2026-02-30&status=cancelled&endFrom=2027-01-01&endTo=2026-01-01',
    )
    expect(response.statusCode).toBe(200)
    const page = $(response.body)
    expect(page('title').text()).toMatch(/^Error: /)
    const errors = page('.govuk-error-summary__list a')
      .map((_, a) => `${page(a).attr('href')} ${page(a).text().trim()}`)
      .get()
    expect(errors).toEqual([
      '#status Choose a status from the list',
      '#startFrom The earliest start date must be a real date',
      '#endTo The latest end date must be the same as or after the earliest',
    ])
    expect(page('#startFrom-error').text()).toContain('must be a real date')
    expect(resultTitles(response.body)).toEqual(['Grounds maintenance of parks'])
  })

  it('is 404 for an organisation that does not exist', async () => {
    expect((await new Client(t.app).get('/public/no-such-org/contracts')).statusCode).toBe(404)
  })

  it('gives every visitor the same page, each with its own script nonce, and shows a change at once', async () => {
    const url = '/public/org-a/contracts?q=parks'
    const nonceOf = (response: { headers: Record<string, unknown>; body: string }) => {
      const header = /script-src[^;]*'nonce-([^']+)'/.exec(String(response.headers['content-security-policy']))?.[1]
      const inPage = $(response.body)('script[nonce]').attr('nonce')
      expect(inPage).toBe(header)
      return header!
    }
    const first = await new Client(t.app).get(url)
    const second = await new Client(t.app).get(url)
    expect(first.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(nonceOf(second)).not.toBe(nonceOf(first))
    expect(second.body.replaceAll(nonceOf(second), '')).toBe(first.body.replaceAll(nonceOf(first), ''))
    expect(resultTitles(second.body)).toEqual(['Grounds maintenance of parks'])

    const id = await insertContract(t.testDb.db, {
      organisationId: 'org-a',
      draft: draft({ reference: 'PARKS-2', title: 'Parks lighting' }),
      actorUserId: null,
      source: 'manual',
    })
    try {
      expect(resultTitles((await new Client(t.app).get(url)).body).sort()).toEqual([
        'Grounds maintenance of parks',
        'Parks lighting',
      ])
    } finally {
      await t.testDb.db.deleteFrom('contract').where('id', '=', id).execute()
    }
    expect(resultTitles((await new Client(t.app).get(url)).body)).toEqual(['Grounds maintenance of parks'])
  })

  it('shows someone signed in their own account bar on the public register', async () => {
    const client = new Client(t.app)
    await client.get('/public/org-a/contracts')
    await client.signIn(fixture.users.viewer.email, FIXTURE_PASSWORD)
    const page = $((await client.get('/public/org-a/contracts')).body)
    expect(page('.cwb-account-bar').text()).toContain('Signed in as')
    expect($((await new Client(t.app).get('/public/org-a/contracts')).body)('.cwb-account-bar').length).toBe(0)
  })
})

describe('GET /public/:organisationId/contracts/:id', () => {
  it('shows every public field, suppliers, lots and history, and no owner, notes or approver', async () => {
    const response = await new Client(t.app).get(`/public/org-a/contracts/${ids.grounds}`)
    expect(response.statusCode).toBe(200)
    const page = $(response.body)
    expect(page('h1').text()).toBe('Grounds maintenance of parks')
    expect(response.body).toContain('Greenfingers Co-operative Ltd')
    expect(response.body).toContain('Company 01234567')
    expect(response.body).toContain('£150,000.00')
    expect(response.body).toContain('North parks')
    expect(response.body).toContain('Two more parks added')
    expect(response.body).toContain('Open tender')
    expectNoSecrets(response.body)
  })

  it('totals the payments to its supplier in its period and warns when they run over its value', async () => {
    const response = await new Client(t.app).get(`/public/org-a/contracts/${ids.grounds}`)
    const inPeriod = PAYMENTS.filter((p) => p.date >= '2026-01-01' && p.date <= '2027-12-31')
    const pence = inPeriod.reduce((sum, p) => sum + Math.round(Number(p.amount) * 100), 0)
    const pounds = `£${Math.floor(pence / 100).toLocaleString('en-GB')}.${String(pence % 100).padStart(2, '0')}`
    expect(pounds).toBe('£153,700.25')
    const page = $(response.body)
    const summary = page('#payments').nextAll('dl').first().text()
    expect(summary).toContain(`${pounds} in ${inPeriod.length} payments`)
    expect(page('.govuk-warning-text').text()).toContain('Payments are £3,700.25 more than the contract’s total value')
    expect(response.body).toContain('Individual (not named)')
    const link = page(`a[href^="/public/org-a/spend/payments?"]`).attr('href')
    expect(link).toBe(`/public/org-a/spend/payments?from=2026-01-01&to=2027-12-31&supplierId=${greenfingersId}`)
  })

  it('marks withheld fields, hides withheld suppliers and their payments, and raises no flag on a withheld value', async () => {
    const response = await new Client(t.app).get(`/public/org-a/contracts/${ids.confidential}`)
    expect(response.statusCode).toBe(200)
    expect(response.body.match(/Withheld \(commercially confidential\)/g)?.length).toBeGreaterThanOrEqual(3)
    expect(response.body).toContain('The suppliers of this contract are withheld')
    expect($(response.body)('.govuk-warning-text').length).toBe(0)
    expectNoSecrets(response.body)
  })

  it('is 404 for an unknown, malformed, cancelled or other organisation’s contract', async () => {
    const client = new Client(t.app)
    for (const url of [
      `/public/org-a/contracts/00000000-0000-4000-8000-000000000000`,
      `/public/org-a/contracts/not-a-uuid`,
      `/public/org-a/contracts/${ids.cancelled}`,
      `/public/org-a/contracts/${ids.other}`,
      `/public/no-such-org/contracts/${ids.grounds}`,
    ])
      expect((await client.get(url)).statusCode, url).toBe(404)
    expect((await client.get(`/public/org-b/contracts/${ids.other}`)).statusCode).toBe(200)
  })
})

describe('GET /contracts', () => {
  async function signedIn(role: keyof AccessFixture['users']) {
    const client = new Client(t.app)
    await client.signIn(fixture.users[role].email, FIXTURE_PASSWORD)
    return client
  }

  const rowTitles = (html: string) =>
    $(html)('table tbody td[data-label="Contract"] a')
      .map((_, a) => $(html)(a).text().trim())
      .get()

  it('shows officers everything of their own organisation: withheld fields, owners, cancelled contracts', async () => {
    const client = await signedIn('viewer')
    const all = await client.get('/contracts?sort=title')
    expect(all.statusCode).toBe(200)
    expect(rowTitles(all.body)).toContain('Cancelled catering')
    expect(all.body).toContain('Olivia Owner')
    expect(all.body).not.toContain('Organisation B road repairs')
    expect($(all.body)('#results').text()).toContain('25 contracts')
    expect(rowTitles((await client.get('/contracts?q=hidden')).body)).toEqual(['Office cleaning'])
    expect(rowTitles((await client.get('/contracts?valueBand=500k-1m')).body)).toEqual(['Office cleaning'])
    expect(rowTitles((await client.get('/contracts?status=cancelled')).body)).toEqual(['Cancelled catering'])
    expect($(all.body)(`a[href="/contracts/${ids.grounds}"]`).length).toBe(1)
  })

  it('offers "Add a contract" to those who may change the register only', async () => {
    const viewer = $((await (await signedIn('viewer')).get('/contracts')).body)
    expect(viewer('a[href="/contracts/new"]').length).toBe(0)
    const officer = $((await (await signedIn('officer')).get('/contracts')).body)
    expect(officer('a[href="/contracts/new"]').text()).toContain('Add a contract')
    expect(officer('a[href="/contracts/due"]').length).toBe(1)
    expect(officer('a[href="/contracts/export.csv"]').length).toBe(1)
  })

  it('keeps each organisation to its own register', async () => {
    const otherOrg = await signedIn('otherOrgAdmin')
    const body = (await otherOrg.get('/contracts?q=grounds')).body
    expect(rowTitles(body)).toEqual([])
    expect(rowTitles((await otherOrg.get('/contracts')).body)).toEqual(['Organisation B road repairs'])
  })

  it('sends people who are not signed in to sign in', async () => {
    const response = await new Client(t.app).get('/contracts')
    expect(response.statusCode).toBe(302)
    expect(response.headers.location).toBe('/sign-in')
  })
})
