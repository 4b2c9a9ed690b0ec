// The supplier review queue and supplier pages, through the web app with real templates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertPayments } from '../../../db/repositories/payment.repository.js'
import { $, Client, createTestApp, type TestApp } from '../../../../test/helpers/app.js'
import { createAccessFixture, FIXTURE_PASSWORD, type AccessFixture } from '../../../../test/helpers/fixtures.js'

let t: TestApp
let fixture: AccessFixture
let acmeId: string

beforeAll(async () => {
  t = await createTestApp()
  fixture = await createAccessFixture(t.services)
  acmeId = (await resolve(['Acme Widgets Ltd'])).get('acme widgets')!.supplierId
})
afterAll(() => t.close())

async function resolve(names: string[], organisationId = 'org-a') {
  return t.testDb.db.transaction().execute((trx) =>
    t.services.supplierResolution.resolvePayees(
      trx,
      organisationId,
      names.map((name) => ({ name })),
    ),
  )
}

let serial = 0
/** A payee waiting for review in org A, with two payments. */
async function pending(name: string) {
  const r = [...(await resolve([name])).values()][0]!
  expect(r.review).toBe(true)
  await insertPayments(t.testDb.db, [
    {
      organisationId: 'org-a',
      supplierId: r.supplierId,
      payeeName: name,
      paymentDate: '2025-04-01',
      amount: '800.00',
      fingerprint: `r${++serial}`,
    },
    {
      organisationId: 'org-a',
      supplierId: r.supplierId,
      payeeName: name,
      paymentDate: '2025-04-02',
      amount: '450.50',
      fingerprint: `r${++serial}`,
    },
  ])
  const match = (await t.services.supplierReview.listMatches('org-a')).find((m) => m.payeeName === name)!
  return { id: match.id, provisionalId: r.supplierId }
}

async function signedIn(role: 'analyst' | 'officer' | 'viewer' | 'otherOrgAdmin') {
  const client = new Client(t.app)
  await client.signIn(fixture.users[role].email, FIXTURE_PASSWORD)
  return client
}

describe('GET /suppliers/review', () => {
  it('lists pending payees with their payments, amount, best candidate and score', async () => {
    const { id } = await pending('Acme Widget Services')
    const page = await (await signedIn('analyst')).get('/suppliers/review')
    expect(page.statusCode).toBe(200)
    const row = $(page.body)(`a[href="/suppliers/review/${id}"]`).closest('tr')
    expect(row.text()).toContain('Acme Widget Services')
    expect(row.text()).toContain('£1,250.50')
    expect(row.text()).toContain('Acme Widgets Ltd')
    expect(row.find('td').eq(4).text()).toMatch(/^\d+%$/)
  })

  it('is in the navigation for analysts but not for viewers', async () => {
    expect($((await (await signedIn('analyst')).get('/home')).body)('a[href="/suppliers/review"]').length).toBe(1)
    expect($((await (await signedIn('viewer')).get('/home')).body)('a[href="/suppliers/review"]').length).toBe(0)
  })
})

describe('GET /suppliers/review/:id', () => {
  it('shows the candidates as radios in a fieldset, with identifiers, postcode and score, and "none of these"', async () => {
    const { id } = await pending('Acme Widget Supplies')
    const $page = $((await (await signedIn('analyst')).get(`/suppliers/review/${id}`)).body)
    expect($page('fieldset legend').text()).toContain('Choose the supplier Acme Widget Supplies is')
    const values = $page('input[name=choice]')
      .map((_i, el) => $page(el).val())
      .get()
    expect(values[0]).toBe(acmeId)
    expect(values.at(-1)).toBe('none')
    expect($page(`#choice-item-hint`).text() + $page('.govuk-radios__hint').first().text()).toMatch(/similar/)
    expect($page('label').text()).toContain('None of these: keep as a separate supplier')
  })

  it('adds suppliers found by a name search to the choices', async () => {
    const { id } = await pending('Acme Widget Rentals')
    const $page = $((await (await signedIn('analyst')).get(`/suppliers/review/${id}?q=fixture`)).body)
    expect(
      $page('input[name=choice]')
        .map((_i, el) => $page(el).val())
        .get(),
    ).toContain(fixture.supplierId)
    expect($page('input[name=q][type=hidden]').val()).toBe('fixture')
  })

  it('is not found in another organisation', async () => {
    const { id } = await pending('Acme Widget Logistics')
    expect((await (await signedIn('otherOrgAdmin')).get(`/suppliers/review/${id}`)).statusCode).toBe(404)
  })
})

describe('POST /suppliers/review/:id', () => {
  it('asks for a choice, with an error summary linked to the radios', async () => {
    const { id } = await pending('Acme Widget Consulting')
    const client = await signedIn('analyst')
    const response = await client.post(`/suppliers/review/${id}`, {}, { csrfFrom: `/suppliers/review/${id}` })
    expect(response.statusCode).toBe(400)
    const $page = $(response.body)
    expect($page('title').text()).toMatch(/^Error: /)
    expect($page('.govuk-error-summary a').attr('href')).toBe('#choice')
    expect($page('.govuk-error-summary').text()).toContain('Select the supplier this payee is, or none of these')
  })

  it('accept: the best candidate; payments move and the decision is remembered', async () => {
    const { id, provisionalId } = await pending('Acme Widget Distribution')
    const client = await signedIn('analyst')
    const response = await client.post(
      `/suppliers/review/${id}`,
      { choice: acmeId },
      { csrfFrom: `/suppliers/review/${id}` },
    )
    expect(response.statusCode).toBe(302)
    expect(response.headers.location).toBe('/suppliers/review')
    const list = await client.get('/suppliers/review')
    expect($(list.body)('.govuk-notification-banner').text()).toContain(
      'is now matched to Acme Widgets Ltd. 2 payments moved.',
    )
    expect($(list.body)(`a[href="/suppliers/review/${id}"]`).length).toBe(0)
    const moved = await t.testDb.db
      .selectFrom('payment')
      .select('supplier_id')
      .where('supplier_id', '=', provisionalId)
      .execute()
    expect(moved).toHaveLength(0)
    expect((await resolve(['ACME WIDGET DISTRIBUTION LTD'])).get('acme widget distribution')).toMatchObject({
      supplierId: acmeId,
      method: 'alias',
    })
  })

  it('pick: a supplier found by search', async () => {
    const { id } = await pending('Acme Widget Imports')
    const client = await signedIn('officer')
    const response = await client.post(
      `/suppliers/review/${id}`,
      { choice: fixture.supplierId, q: 'fixture' },
      { csrfFrom: `/suppliers/review/${id}` },
    )
    expect(response.statusCode).toBe(302)
    expect((await resolve(['Acme Widget Imports'])).get('acme widget imports')).toMatchObject({
      supplierId: fixture.supplierId,
      method: 'alias',
    })
  })

  it('reject: keeps the payee as a supplier of its own', async () => {
    const { id, provisionalId } = await pending('Acme Widget Exports')
    const client = await signedIn('analyst')
    const response = await client.post(
      `/suppliers/review/${id}`,
      { choice: 'none' },
      { csrfFrom: `/suppliers/review/${id}` },
    )
    expect(response.statusCode).toBe(302)
    const record = await client.get(`/suppliers/${provisionalId}`)
    expect(record.statusCode).toBe(200)
    expect($(record.body)('h1').text()).toBe('Acme Widget Exports')
    expect((await resolve(['Acme Widget Exports'])).get('acme widget exports')).toMatchObject({
      supplierId: provisionalId,
      review: false,
    })
  })

  it('refuses a form without its CSRF token', async () => {
    const { id } = await pending('Acme Widget Printing')
    const response = await (
      await signedIn('analyst')
    ).post(`/suppliers/review/${id}`, { choice: 'none' }, { csrf: false })
    expect(response.statusCode).toBe(403)
    expect((await t.services.supplierReview.getMatch('org-a', id)).match.status).toBe('pending')
  })

  it('does not let a viewer decide', async () => {
    const { id } = await pending('Acme Widget Testing')
    const viewer = await signedIn('viewer')
    expect((await viewer.get(`/suppliers/review/${id}`)).statusCode).toBe(403)
    const response = await viewer.post(`/suppliers/review/${id}`, { choice: 'none' })
    expect(response.statusCode).toBe(403)
    expect((await t.services.supplierReview.getMatch('org-a', id)).match.status).toBe('pending')
  })
})

describe('supplier pages', () => {
  it('lists the suppliers the organisation paid, for a viewer too, and shows a record with identifiers and aliases', async () => {
    await t.testDb.db
      .updateTable('supplier')
      .set({ company_number: '01234567', employees: 12, turnover: '900000.00' })
      .where('id', '=', acmeId)
      .execute()
    await insertPayments(t.testDb.db, [
      {
        organisationId: 'org-a',
        supplierId: acmeId,
        payeeName: 'ACME WIDGETS',
        paymentDate: '2025-05-01',
        amount: '99.00',
        fingerprint: 'acme-1',
      },
    ])
    const viewer = await signedIn('viewer')
    const list = await viewer.get('/suppliers?q=acme')
    expect(list.statusCode).toBe(200)
    const row = $(list.body)(`a[href="/suppliers/${acmeId}"]`).closest('tr')
    expect(row.text()).toContain('Small')
    const record = $((await viewer.get(`/suppliers/${acmeId}`)).body)
    expect(record('.govuk-summary-list').text()).toContain('GB-COH-01234567')
    expect(record('table').text()).toContain('Acme Widget Distribution')
    expect((await viewer.get('/suppliers/not-a-uuid')).statusCode).toBe(404)
  })
})
