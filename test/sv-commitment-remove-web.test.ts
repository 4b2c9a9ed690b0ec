// Removing a social value commitment through the pages: a confirmation page that says what it is and warns when the
// supplier has made returns for it (they are kept), removal by officers only with the CSRF token, audited, with a
// message on the list; and a refusal by the service shown on the page in its own words.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { insertContract } from '../src/db/repositories/contract.repository.js'
import type { Actor } from '../src/domain/audit/audit.js'
import { emptyContractDraft } from '../src/domain/contracts/contract.js'
import { ConflictError } from '../src/domain/errors.js'
import { syncShippedFrameworks } from '../src/services/sv-framework.service.js'
import { $, Client, createTestApp, type TestApp } from './helpers/app.js'
import { createAccessFixture, FIXTURE_PASSWORD, type AccessFixture } from './helpers/fixtures.js'

const NOW = new Date('2026-08-15T10:00:00Z')
const Q1 = { periodStart: '2026-04-01', periodEnd: '2026-06-30' }

let t: TestApp
let fixture: AccessFixture
let officer: Client
let viewer: Client
let otherOrgAdmin: Client
let contractId: string
const measures = new Map<string, string>()

const officerActor = (): Actor => ({ userId: fixture.users.officer.id, label: 'officer@example.org' })
const removeUrl = (id: string) => `/social-value/commitments/${id}/remove`

/** A commitment on the contract for the first quarter. */
async function commit(code: string, target: string) {
  const c = await t.services.svReturns.saveCommitment(officerActor(), 'org-a', {
    contractId,
    measureId: measures.get(code)!,
    ...Q1,
    targetQuantity: target,
  })
  return c.id
}

beforeAll(async () => {
  t = await createTestApp({ clock: { now: () => NOW } })
  fixture = await createAccessFixture(t.services)
  await syncShippedFrameworks(t.testDb.db)
  for (const m of await t.services.svFrameworks.measures('islington-2020')) measures.set(m.code, m.id)
  contractId = await insertContract(t.testDb.db, {
    organisationId: 'org-a',
    draft: {
      ...emptyContractDraft('SV-RM-1', 'Grounds maintenance'),
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
    },
    actorUserId: null,
    source: 'manual',
  })
  officer = new Client(t.app)
  await officer.signIn('officer@example.org', FIXTURE_PASSWORD)
  viewer = new Client(t.app)
  await viewer.signIn('viewer@example.org', FIXTURE_PASSWORD)
  otherOrgAdmin = new Client(t.app)
  await otherOrgAdmin.signIn('orgadmin-b@example.org', FIXTURE_PASSWORD)
})
afterAll(async () => {
  vi.restoreAllMocks()
  await t.close()
})

describe('GET /social-value/commitments/:id/remove', () => {
  it('is linked from the commitment’s page and says what will be removed', async () => {
    const id = await commit('ISL-E1', '2')
    const commitment = $((await officer.get(`/social-value/commitments/${id}`)).body)
    expect(commitment('a:contains("Remove this commitment")').attr('href')).toBe(removeUrl(id))

    const response = await officer.get(removeUrl(id))
    expect(response.statusCode).toBe(200)
    const page = $(response.body)
    expect(page('h1').text()).toBe('Are you sure you want to remove this commitment?')
    const summary = page('.govuk-summary-list').text()
    for (const text of ['SV-RM-1: Grounds maintenance', 'ISL-E1', '2026-27 Q1', '1 April 2026 to 30 June 2026'])
      expect(summary).toContain(text)
    expect(page('.govuk-warning-text').length).toBe(0)
    expect(page('main').text()).toContain('No returns have been made for it')
    expect(page('main form').attr('action')).toBe(removeUrl(id))
    expect(page('main form input[name=_csrf]').val()).toBeTruthy()
    expect(page('.govuk-button-group a').attr('href')).toBe(`/social-value/commitments/${id}`)
  })

  it('warns that the supplier’s returns for it are kept, and lists them', async () => {
    const id = await commit('ISL-N1', '10')
    const made = await t.services.svReturns.submitReturn(
      { userId: fixture.users.supplier.id, label: 'supplier@example.org' },
      fixture.supplierId,
      { contractId, measureId: measures.get('ISL-N1')!, ...Q1, actualQuantity: '4', description: 'Fleet records' },
    )
    const page = $((await officer.get(removeUrl(id))).body)
    expect(page('.govuk-warning-text').text()).toContain('The supplier has made 1 return for this commitment')
    expect(page('.govuk-warning-text').text()).toContain(
      'It will be kept, and if accepted it still counts as delivered',
    )
    expect(page('table a').attr('href')).toBe(`/social-value/returns/${made.id}`)

    const response = await officer.post(removeUrl(id), {}, { csrfFrom: removeUrl(id) })
    expect(response.statusCode).toBe(302)
    expect((await t.services.svReturns.getReturn({ organisationId: 'org-a' }, made.id)).actualQuantity).toBe('4.000')
  })

  it('is for officers of the organisation only', async () => {
    const id = await commit('ISL-E2', '1')
    expect((await viewer.get(removeUrl(id))).statusCode).toBe(403)
    expect($((await viewer.get(`/social-value/commitments/${id}`)).body)('main').text()).not.toContain('Remove')
    expect((await otherOrgAdmin.get(removeUrl(id))).statusCode).toBe(404)
    expect((await officer.get(removeUrl('not-an-id'))).statusCode).toBe(404)
  })
})

describe('POST /social-value/commitments/:id/remove', () => {
  it('removes the commitment, audited, and says so on the commitments list', async () => {
    const id = await commit('ISL-E3', '4')
    const response = await officer.post(removeUrl(id), {}, { csrfFrom: removeUrl(id) })
    expect(response.statusCode).toBe(302)
    expect(response.headers.location).toBe('/social-value/commitments')
    const list = $((await officer.get('/social-value/commitments')).body)
    expect(list('.govuk-notification-banner').text()).toContain('Commitment removed')
    expect(list('.govuk-notification-banner').text()).toContain(
      'The commitment for ISL-E3, 2026-27 Q1 on SV-RM-1 has been removed.',
    )
    expect((await officer.get(`/social-value/commitments/${id}`)).statusCode).toBe(404)
    const audit = await t.testDb.db
      .selectFrom('audit_event')
      .select(['action', 'actor_label'])
      .where('entity_id', '=', id)
      .orderBy('id')
      .execute()
    expect(audit.map((a) => `${a.action} by ${a.actor_label}`)).toEqual([
      'sv.commitment-added by officer@example.org',
      'sv.commitment-removed by officer@example.org',
    ])
  })

  it('refuses without the CSRF token, and for viewers and other organisations, removing nothing', async () => {
    const id = await commit('ISL-E4', '2')
    expect((await officer.post(removeUrl(id), {}, { csrf: false })).statusCode).toBe(403)
    expect((await viewer.post(removeUrl(id), {}, { csrfFrom: '/account' })).statusCode).toBe(403)
    expect((await otherOrgAdmin.post(removeUrl(id), {}, { csrfFrom: '/account' })).statusCode).toBe(404)
    expect((await t.services.svReturns.getCommitment('org-a', id)).id).toBe(id)
  })

  it('shows the service’s reason when it refuses, and keeps the commitment', async () => {
    const id = await commit('ISL-E5', '2')
    vi.spyOn(t.services.svReturns, 'removeCommitment').mockRejectedValueOnce(
      new ConflictError('This commitment is in a report that has been signed off'),
    )
    const response = await officer.post(removeUrl(id), {}, { csrfFrom: removeUrl(id) })
    expect(response.statusCode).toBe(409)
    const page = $(response.body)
    expect(page('title').text()).toMatch(/^Error: /)
    expect(page('.govuk-error-summary').text()).toContain('This commitment is in a report that has been signed off')
    expect(page('.govuk-error-summary a').attr('href')).toBe('#remove')
    expect(page('#remove').length).toBe(1)
    expect((await t.services.svReturns.getCommitment('org-a', id)).id).toBe(id)
  })
})
