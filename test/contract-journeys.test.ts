// The officer's journeys on the contracts register through the real app: add a contract (with the errors on the
// way), edit it (and lose to someone else's edit), vary, extend and end it early, and the due-soon page; each role's
// access and the organisation boundary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { $, Client, createTestApp, type TestApp } from './helpers/app.js'
import { createAccessFixture, FIXTURE_PASSWORD, type AccessFixture } from './helpers/fixtures.js'
import { SYSTEM_ACTOR } from '../src/domain/audit/audit.js'
import { emptyContractDraft } from '../src/domain/contracts/contract.js'

// A fixed day: 15 March 2026 (UK).
const NOW = new Date('2026-03-15T12:00:00Z')

let t: TestApp
let fixture: AccessFixture
let officer: Client
let contractId: string

function errorsOf(html: string) {
  const doc = $(html)
  return doc('.govuk-error-summary__list a')
    .map((_, a) => `${doc(a).attr('href')} ${doc(a).text().trim()}`)
    .get()
}

async function signedIn(email: string) {
  const client = new Client(t.app)
  await client.signIn(email, FIXTURE_PASSWORD)
  return client
}

beforeAll(async () => {
  t = await createTestApp({ clock: { now: () => NOW } })
  fixture = await createAccessFixture(t.services)
  officer = await signedIn('officer@example.org')
})
afterAll(() => t.close())

describe('adding a contract', () => {
  it('walks the question pages, showing GOV.UK errors, then adds the contract', async () => {
    const start = await officer.get('/contracts/new')
    expect(start.statusCode).toBe(302)
    expect(start.headers.location).toBe('/contracts/new/about')
    const csrf = await officer.csrf('/contracts/new/about')

    const empty = await officer.post('/contracts/new/about', { reference: '', title: ' ' }, { csrf })
    expect(empty.statusCode).toBe(400)
    expect($(empty.body)('title').text()).toMatch(/^Error: /)
    expect(errorsOf(empty.body)).toEqual([
      '#reference Enter the contract’s reference',
      '#title Enter the contract’s title',
    ])

    const about = await officer.post(
      '/contracts/new/about',
      {
        reference: 'CON-2026-001',
        title: 'Cleaning of council offices',
        description: 'Daily cleaning of three offices',
        department: 'Facilities',
        ownerUserId: fixture.users.officer.id,
      },
      { csrf },
    )
    expect(about.headers.location).toBe('/contracts/new/value')

    const badDates = await officer.post(
      '/contracts/new/value',
      {
        totalValue: '£120,000',
        'startDate-day': '31',
        'startDate-month': '2',
        'startDate-year': '2025',
        'endDate-day': '1',
        'endDate-month': '',
        'endDate-year': '2027',
      },
      { csrf },
    )
    expect(badDates.statusCode).toBe(400)
    expect(errorsOf(badDates.body)).toEqual([
      '#startDate-day Start date must be a real date',
      '#endDate-month End date must include a month',
    ])
    // What was typed is shown again.
    expect($(badDates.body)('#totalValue').val()).toBe('£120,000')
    expect($(badDates.body)('#startDate-day').hasClass('govuk-input--error')).toBe(true)

    const value = await officer.post(
      '/contracts/new/value',
      {
        totalValue: '£120,000',
        annualValue: '40000',
        'startDate-day': '1',
        'startDate-month': '4',
        'startDate-year': '2025',
        'endDate-day': '31',
        'endDate-month': '3',
        'endDate-year': '2028',
        'reviewDate-day': '1',
        'reviewDate-month': '10',
        'reviewDate-year': '2026',
        extensionOptions: 'One optional extension of 12 months',
        'maxEndDate-day': '31',
        'maxEndDate-month': '3',
        'maxEndDate-year': '2029',
      },
      { csrf },
    )
    expect(value.headers.location).toBe('/contracts/new/procurement')

    const direct = await officer.post('/contracts/new/procurement', { procurementRoute: 'direct' }, { csrf })
    expect(errorsOf(direct.body)).toEqual(['#directAwardReason Enter the reason for the direct award'])
    const badCpv = await officer.post(
      '/contracts/new/procurement',
      { procurementRoute: 'open', cpvCodes: '90911200-8, 1234' },
      { csrf },
    )
    expect(errorsOf(badCpv.body)[0]).toMatch(/“1234” is not a CPV code/)
    const procurement = await officer.post(
      '/contracts/new/procurement',
      { procurementRoute: 'open', cpvCodes: '90911200-8, 90910000' },
      { csrf },
    )
    expect(procurement.headers.location).toBe('/contracts/new/suppliers')

    const none = await officer.post('/contracts/new/suppliers', {}, { csrf })
    expect(errorsOf(none.body)).toEqual(['#add-supplier Add at least one supplier'])

    const search = await officer.get('/contracts/new/suppliers/add?q=fixture')
    const link = $(search.body)('#supplier-results a').first()
    expect(link.text()).toContain('Fixture Supplies Ltd')
    const chosen = await officer.get(link.attr('href')!)
    expect($(chosen.body)('input[name=supplierId]').val()).toBe(fixture.supplierId)
    expect($(chosen.body)('#name').val()).toBe('Fixture Supplies Ltd')
    const badSupplier = await officer.post(
      '/contracts/new/suppliers/add',
      { name: '', companyNumber: '12-34' },
      { csrf },
    )
    expect(errorsOf(badSupplier.body)).toEqual([
      '#name Enter the supplier’s name',
      '#companyNumber Company number must be up to 8 letters and numbers, like 01234567 or SC123456',
    ])
    await officer.post(
      '/contracts/new/suppliers/add',
      {
        supplierId: fixture.supplierId,
        name: 'Fixture Supplies Ltd',
        companyNumber: '01234567',
        isSme: 'yes',
        isVcse: 'no',
      },
      { csrf },
    )
    await officer.post('/contracts/new/suppliers/add', { name: 'Partner Co-op', isVcse: 'yes' }, { csrf })
    await officer.post('/contracts/new/suppliers/remove', { index: '1' }, { csrf })
    expect((await officer.post('/contracts/new/suppliers', {}, { csrf })).headers.location).toBe('/contracts/new/lots')

    const badLot = await officer.post(
      '/contracts/new/lots/add',
      { lotNumber: '1', lotTitle: '', lotValue: 'lots' },
      { csrf },
    )
    expect(errorsOf(badLot.body)).toEqual([
      '#lotTitle Enter the lot’s title',
      '#lotValue Lot’s value must be an amount in pounds, like 12500 or 12500.50',
    ])
    await officer.post(
      '/contracts/new/lots/add',
      { lotNumber: '1', lotTitle: 'North offices', lotValue: '70000' },
      { csrf },
    )
    expect((await officer.post('/contracts/new/lots', {}, { csrf })).headers.location).toBe(
      '/contracts/new/confidential',
    )
    const confidential = await officer.post(
      '/contracts/new/confidential',
      { confidentialFields: ['annualValue', 'lots'] },
      { csrf },
    )
    expect(confidential.headers.location).toBe('/contracts/new/check')

    const check = await officer.get('/contracts/new/check')
    const page = $(check.body)
    expect(page('h1').text()).toBe('Check your answers before adding the contract')
    expect(page('.govuk-summary-list__row').text()).toContain('£120,000.00')
    expect(page('a[href="/contracts/new/value"]').length).toBeGreaterThan(0)
    expect(page('.govuk-tag--orange').length).toBe(2) // annual value and the lot

    // From check answers, a change goes back to check answers.
    const change = await officer.post(
      '/contracts/new/about',
      {
        reference: 'CON-2026-001',
        title: 'Cleaning of council offices',
        description: 'Daily cleaning of three offices',
        department: 'Facilities',
        ownerUserId: fixture.users.officer.id,
      },
      { csrf },
    )
    expect(change.headers.location).toBe('/contracts/new/check')

    const added = await officer.post('/contracts/new/check', {}, { csrf })
    expect(added.statusCode).toBe(302)
    contractId = added.headers.location!.split('/')[2]!
    expect(added.headers.location).toBe(`/contracts/${contractId}/added`)
    const panel = await officer.get(added.headers.location!)
    expect($(panel.body)('.govuk-panel__title').text().trim()).toBe('Contract added')

    const contract = await t.services.contracts.get('org-a', contractId)
    expect(contract).toMatchObject({
      reference: 'CON-2026-001',
      totalValue: '120000.00',
      annualValue: '40000.00',
      startDate: '2025-04-01',
      endDate: '2028-03-31',
      reviewDate: '2026-10-01',
      maxEndDate: '2029-03-31',
      procurementRoute: 'open',
      cpvCodes: ['90911200', '90910000'],
      category: 'Sewage, refuse, cleaning and environmental services',
      ownerUserId: fixture.users.officer.id,
      confidentialFields: ['annualValue', 'lots'],
      source: 'manual',
      version: 1,
    })
    expect(contract.suppliers).toEqual([
      expect.objectContaining({
        supplierId: fixture.supplierId,
        name: 'Fixture Supplies Ltd',
        isSme: true,
        isVcse: false,
      }),
    ])
    expect(contract.lots).toEqual([{ lotNumber: '1', title: 'North offices', description: null, value: '70000.00' }])
    const audit = await t.services.deps.db
      .selectFrom('audit_event')
      .select(['action', 'actor_label'])
      .where('entity_id', '=', contractId)
      .execute()
    expect(audit).toEqual([{ action: 'contract.created', actor_label: 'officer@example.org' }])
    // The register names the owner, one of the organisation's people.
    const list = $((await officer.get('/contracts?q=CON-2026-001')).body)
    expect(list('td[data-label="Owner"]').first().text().trim()).toBe(fixture.users.officer.name)
    // A page past the last goes to the last.
    const beyond = await officer.get('/contracts?page=999')
    expect(beyond.statusCode).toBe(302)
    expect(beyond.headers.location).toBe('/contracts')
    // The draft is gone: starting again starts empty.
    await officer.get('/contracts/new')
    expect($((await officer.get('/contracts/new/about')).body)('#reference').val()).toBeFalsy()
  })

  it('refuses a reference already on the register, on the check answers page', async () => {
    const csrf = await officer.csrf('/contracts/new/about')
    await officer.post('/contracts/new/about', { reference: 'CON-2026-001', title: 'Another' }, { csrf })
    await officer.post(
      '/contracts/new/value',
      { totalValue: '10', 'startDate-day': '1', 'startDate-month': '1', 'startDate-year': '2026' },
      { csrf },
    )
    const response = await officer.post('/contracts/new/check', {}, { csrf })
    expect(response.statusCode).toBe(400)
    expect(errorsOf(response.body)).toEqual([
      '/contracts/new/about A contract with reference CON-2026-001 is already on the register',
    ])
    await officer.get('/contracts/new/cancel')
  })
})

describe('editing a contract', () => {
  it('saves a change and refuses a stale one with a clear message', async () => {
    const csrf = await officer.csrf(`/contracts/${contractId}/edit/value`)
    const startEdit = await officer.get(`/contracts/${contractId}/edit`)
    expect(startEdit.headers.location).toBe(`/contracts/${contractId}/edit/check`)
    const form = $((await officer.get(`/contracts/${contractId}/edit/value`)).body)
    expect(form('#startDate-day').val()).toBe('1')
    expect(form('#startDate-month').val()).toBe('4')
    const saved = await officer.post(
      `/contracts/${contractId}/edit/value`,
      {
        totalValue: '125000',
        'startDate-day': '1',
        'startDate-month': '4',
        'startDate-year': '2025',
        'endDate-day': '31',
        'endDate-month': '3',
        'endDate-year': '2028',
        'reviewDate-day': '1',
        'reviewDate-month': '10',
        'reviewDate-year': '2026',
        'maxEndDate-day': '31',
        'maxEndDate-month': '3',
        'maxEndDate-year': '2029',
      },
      { csrf },
    )
    expect(saved.headers.location).toBe(`/contracts/${contractId}/edit/check`)

    // Meanwhile, the organisation's administrator saves another change.
    const admin = await signedIn('orgadmin@example.org')
    const adminCsrf = await admin.csrf(`/contracts/${contractId}/edit/check`)
    await admin.post(
      `/contracts/${contractId}/edit/about`,
      {
        reference: 'CON-2026-001',
        title: 'Cleaning of council offices and depots',
        ownerUserId: fixture.users.officer.id,
      },
      { csrf: adminCsrf },
    )
    expect((await admin.post(`/contracts/${contractId}/edit/check`, {}, { csrf: adminCsrf })).statusCode).toBe(302)

    const stale = await officer.post(`/contracts/${contractId}/edit/check`, {}, { csrf })
    expect(stale.statusCode).toBe(409)
    expect(errorsOf(stale.body)[0]).toMatch(/Someone else changed this contract since you started/)
    // The page now shows the contract as it stands, with the other person's change.
    expect($(stale.body)('main').text()).toContain('Cleaning of council offices and depots')
    let contract = await t.services.contracts.get('org-a', contractId)
    expect(contract).toMatchObject({
      totalValue: '120000.00',
      title: 'Cleaning of council offices and depots',
      version: 2,
    })

    // Making the change again now works.
    await officer.post(
      `/contracts/${contractId}/edit/value`,
      {
        totalValue: '125000',
        'startDate-day': '1',
        'startDate-month': '4',
        'startDate-year': '2025',
        'endDate-day': '31',
        'endDate-month': '3',
        'endDate-year': '2028',
        'reviewDate-day': '1',
        'reviewDate-month': '10',
        'reviewDate-year': '2026',
        'maxEndDate-day': '31',
        'maxEndDate-month': '3',
        'maxEndDate-year': '2029',
      },
      { csrf },
    )
    const again = await officer.post(`/contracts/${contractId}/edit/check`, {}, { csrf })
    expect(again.headers.location).toBe(`/contracts/${contractId}`)
    contract = await t.services.contracts.get('org-a', contractId)
    expect(contract).toMatchObject({
      totalValue: '125000.00',
      title: 'Cleaning of council offices and depots',
      version: 3,
    })
    const updates = await t.services.deps.db
      .selectFrom('audit_event')
      .select(['before', 'after'])
      .where('entity_id', '=', contractId)
      .where('action', '=', 'contract.updated')
      .orderBy('id')
      .execute()
    expect(updates).toHaveLength(2)
    expect(updates[1]!.before).toMatchObject({ totalValue: '120000.00' })
    expect(updates[1]!.after).toMatchObject({ totalValue: '125000.00' })
  })
})

describe('varying a contract', () => {
  async function vary(kind: string, details: Record<string, string>) {
    const csrf = await officer.csrf(`/contracts/${contractId}/vary`)
    expect((await officer.post(`/contracts/${contractId}/vary`, { kind }, { csrf })).statusCode).toBe(302)
    const response = await officer.post(`/contracts/${contractId}/vary/details`, details, { csrf })
    if (response.statusCode !== 302) return response
    expect(response.headers.location).toBe(`/contracts/${contractId}/vary/check`)
    return officer.post(`/contracts/${contractId}/vary/check`, {}, { csrf })
  }
  const on = (d: string, m: string, y: string, field = 'variedOn') => ({
    [`${field}-day`]: d,
    [`${field}-month`]: m,
    [`${field}-year`]: y,
  })

  it('records a variation, an extension and an early end, and keeps the history', async () => {
    const kindError = await officer.post(
      `/contracts/${contractId}/vary`,
      {},
      { csrf: await officer.csrf(`/contracts/${contractId}/vary`) },
    )
    expect(errorsOf(kindError.body)).toEqual(['#kind Select what kind of change this is'])

    const nothing = await vary('variation', { ...on('10', '1', '2026'), reason: 'More sites' })
    expect(errorsOf(nothing.body)).toEqual([
      '#valueChange Enter a change in value, a new end date or a new review date',
    ])

    const varied = await vary('variation', {
      ...on('10', '1', '2026'),
      reason: 'Two more sites added',
      valueChange: '10,000.50',
      approvedBy: 'Procurement Board',
    })
    expect(varied.headers.location).toBe(`/contracts/${contractId}#history`)

    const tooEarly = await vary('extension', {
      ...on('1', '2', '2026'),
      ...on('31', '3', '2027', 'newEndDate'),
      reason: 'x',
    })
    expect(errorsOf(tooEarly.body)).toEqual([
      '#newEndDate-day New end date must be after the current end date, 31 March 2028',
    ])
    const extended = await vary('extension', {
      ...on('1', '2', '2026'),
      ...on('31', '3', '2029', 'newEndDate'),
      reason: 'Extension option taken',
      valueChange: '40000',
    })
    expect(extended.statusCode).toBe(302)

    const ended = await vary('termination', {
      ...on('1', '3', '2026'),
      ...on('30', '6', '2026', 'newEndDate'),
      reason: 'Buildings closed',
      valueChange: '-100000',
    })
    expect(ended.statusCode).toBe(302)

    const contract = await t.services.contracts.get('org-a', contractId)
    // 125,000.00 + 10,000.50 + 40,000.00 − 100,000.00
    expect(contract).toMatchObject({ totalValue: '75000.50', endDate: '2026-06-30', status: 'terminated', version: 6 })
    const { variations } = await t.services.contracts.history('org-a', contractId)
    expect(variations.map((v) => [v.kind, v.valueChange, v.previousTotalValue, v.newTotalValue, v.newEndDate])).toEqual(
      [
        ['variation', '10000.50', '125000.00', '135000.50', '2028-03-31'],
        ['extension', '40000.00', '135000.50', '175000.50', '2029-03-31'],
        ['termination', '-100000.00', '175000.50', '75000.50', '2026-06-30'],
      ],
    )
    expect(variations[0]!.approvedBy).toBe('Procurement Board')

    const page = $((await officer.get(`/contracts/${contractId}`)).body)
    expect(page('#history + table tbody tr')).toHaveLength(3)
    expect(page('#history + table tbody tr').first().text()).toContain('Buildings closed')
    expect(page('main').text()).toContain('Terminated')
    // A terminated contract offers no further variation.
    expect(page(`a[href="/contracts/${contractId}/vary"]`)).toHaveLength(0)
    const actions = await t.services.deps.db
      .selectFrom('audit_event')
      .select('action')
      .where('entity_id', '=', contractId)
      .orderBy('id')
      .execute()
    expect(actions.map((a) => a.action)).toEqual([
      'contract.created',
      'contract.updated',
      'contract.updated',
      'contract.varied',
      'contract.extended',
      'contract.terminated',
    ])
  })
})

describe('due soon and outstanding actions', () => {
  it('lists contracts ending or due for review in the window, and what is outstanding', async () => {
    const add = (reference: string, over: Partial<ReturnType<typeof emptyContractDraft>>) =>
      t.services.contracts.create(SYSTEM_ACTOR, 'org-a', {
        ...emptyContractDraft(reference, `Contract ${reference}`),
        totalValue: '5000.00',
        startDate: '2024-01-01',
        ownerEmail: 'owner@example.org',
        ...over,
      })
    await add('DUE-1', { endDate: '2026-06-30' })
    await add('DUE-2', { endDate: '2026-04-01', maxEndDate: '2027-04-01' })
    await add('DUE-3', { endDate: '2027-06-30', reviewDate: '2026-03-01' }) // review overdue
    await add('DUE-4', { endDate: '2027-06-30', ownerEmail: null }) // no owner
    await add('DUE-5', { endDate: '2026-02-28' }) // ended, still active
    const page = $((await officer.get('/contracts/due')).body)
    const due = page('table').first().find('tbody tr')
    expect(due.map((_, r) => page(r).find('td').first().find('a').text().replace(':', '')).get()).toEqual([
      'DUE-2',
      'DUE-1',
    ])
    expect(page(due[0]).text()).toContain('in 17 days')
    expect(page(due[0]).text()).toContain('take up the extension option')
    const outstanding = page('#outstanding + table tbody tr')
      .map((_, r) => `${page(r).find('td a').first().text().replace(':', '')} ${page(r).find('td').eq(1).text()}`)
      .get()
    expect(outstanding).toEqual(['DUE-3 Review overdue', 'DUE-5 End date passed', 'DUE-4 No owner'])
  })

  it('keeps reminder settings per organisation, checked', async () => {
    const csrf = await officer.csrf('/contracts/settings')
    const bad = await officer.post('/contracts/settings', { reminderMonths: '9, 0', dueSoonMonths: '40' }, { csrf })
    expect(errorsOf(bad.body)).toEqual([
      '#reminderMonths Lead times must be whole numbers of months from 1 to 36, separated by commas, like 9, 6, 3',
      '#dueSoonMonths Due soon window must be a whole number of months from 1 to 36',
    ])
    const ok = await officer.post('/contracts/settings', { reminderMonths: '3, 12, 6', dueSoonMonths: '2' }, { csrf })
    expect(ok.headers.location).toBe('/contracts/due')
    expect(await t.services.contracts.settings('org-a')).toEqual({ reminderMonths: [12, 6, 3], dueSoonMonths: 2 })
    expect(await t.services.contracts.settings('org-b')).toEqual({ reminderMonths: [9, 6, 3], dueSoonMonths: 9 })
    const page = $((await officer.get('/contracts/due')).body)
    expect(page('table').first().find('tbody tr')).toHaveLength(1) // only DUE-2 ends within 2 months
  })
})

describe('who may do what', () => {
  it('lets readers see a contract but only officers and administrators change it', async () => {
    for (const email of ['viewer@example.org', 'analyst@example.org']) {
      const reader = await signedIn(email)
      const page = await reader.get(`/contracts/${contractId}`)
      expect(page.statusCode).toBe(200)
      expect($(page.body)('a[href$="/edit"]')).toHaveLength(0)
      expect($(page.body)('.govuk-summary-list__actions')).toHaveLength(0)
      expect((await reader.get('/contracts/new')).statusCode).toBe(403)
      expect((await reader.get(`/contracts/${contractId}/edit/about`)).statusCode).toBe(403)
      expect((await reader.get('/contracts/settings')).statusCode).toBe(403)
      expect((await reader.get('/contracts/due')).statusCode).toBe(200)
      const csrf = await reader.csrf('/account')
      expect((await reader.post(`/contracts/${contractId}/vary`, { kind: 'variation' }, { csrf })).statusCode).toBe(403)
    }
    const supplier = await signedIn('supplier@example.org')
    expect((await supplier.get(`/contracts/${contractId}`)).statusCode).toBe(403)
    const anonymous = new Client(t.app)
    expect((await anonymous.get(`/contracts/${contractId}`)).headers.location).toBe('/sign-in')
  })

  it('refuses a form without its CSRF token', async () => {
    const response = await officer.post('/contracts/new/about', { reference: 'X', title: 'Y' }, { csrf: false })
    expect(response.statusCode).toBe(403)
  })

  it('never lets another organisation read or change the contract', async () => {
    const other = await signedIn('orgadmin-b@example.org')
    expect((await other.get(`/contracts/${contractId}`)).statusCode).toBe(404)
    expect((await other.get(`/contracts/${contractId}/edit`)).statusCode).toBe(404)
    expect((await other.get(`/contracts/${contractId}/edit/about`)).statusCode).toBe(404)
    expect((await other.get(`/contracts/${contractId}/vary`)).statusCode).toBe(404)
    const csrf = await other.csrf('/account')
    expect((await other.post(`/contracts/${contractId}/vary`, { kind: 'variation' }, { csrf })).statusCode).toBe(404)
    expect((await other.post(`/contracts/${contractId}/edit/check`, {}, { csrf })).statusCode).toBe(404)
    await expect(t.services.contracts.get('org-b', contractId)).rejects.toThrow(/no such contract/)
    const before = await t.services.contracts.get('org-a', contractId)
    await expect(
      t.services.contracts.update(
        SYSTEM_ACTOR,
        'org-b',
        contractId,
        { ...before, title: 'Taken over' },
        before.version,
      ),
    ).rejects.toThrow(/no such contract/)
    expect((await t.services.contracts.get('org-a', contractId)).title).toBe(before.title)
    // Org B's due page does not list org A's contracts.
    expect($((await other.get('/contracts/due')).body)('main').text()).not.toContain('DUE-')
  })
})
