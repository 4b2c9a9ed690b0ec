// Organisation administrators see and change only the organisation they are working in; the switcher only
// offers organisations a person belongs to; the audit log is scoped the same way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '../src/domain/audit/audit.js'
import { $, Client, createTestApp, type TestApp } from './helpers/app.js'
import { createAccessFixture, FIXTURE_PASSWORD, type AccessFixture } from './helpers/fixtures.js'

let t: TestApp
let fixture: AccessFixture
let both: { id: string }
let bPerson: { id: string }

beforeAll(async () => {
  t = await createTestApp()
  fixture = await createAccessFixture(t.services)
  bPerson = (
    await t.services.users.add(SYSTEM_ACTOR, {
      email: 'bperson@example.org',
      name: 'B Person',
      role: 'analyst',
      organisationId: 'org-b',
      password: FIXTURE_PASSWORD,
    })
  ).user
  both = (
    await t.services.users.add(SYSTEM_ACTOR, {
      email: 'both@example.org',
      name: 'Both Orgs',
      role: 'org_admin',
      organisationId: 'org-a',
      password: FIXTURE_PASSWORD,
    })
  ).user
  await t.services.users.grant(SYSTEM_ACTOR, { userId: both.id, role: 'org_admin', organisationId: 'org-b' })
})
afterAll(() => t?.close())

async function signedIn(email: string): Promise<Client> {
  const client = new Client(t.app)
  await client.signIn(email, FIXTURE_PASSWORD)
  return client
}

/** The email addresses listed on /organisation/people, and the organisation named in the heading. */
async function peoplePage(client: Client): Promise<{ organisation: string; emails: string[] }> {
  const response = await client.get('/organisation/people')
  expect(response.statusCode).toBe(200)
  const page = $(response.body)
  return {
    organisation: page('h1 .govuk-caption-m').text().trim(),
    emails: page('tbody td[data-label="Email address"]')
      .map((_i, el) => page(el).text().trim())
      .get()
      .sort(),
  }
}

type AuditPage = { total: number; rows: { action: string; actor: string; organisation: string }[] }

async function auditPage(client: Client, query = ''): Promise<AuditPage> {
  const response = await client.get(`/audit${query}`)
  expect(response.statusCode).toBe(200)
  const page = $(response.body)
  const total = Number(/([\d,]+) events?\./.exec(page('main').text())?.[1]?.replace(/,/g, ''))
  const rows = page('tbody tr')
    .map((_i, row) => {
      const cells = page(row).find('td')
      return {
        actor: cells.filter('[data-label=Who]').text().trim(),
        action: cells.filter('[data-label=Action]').text().trim(),
        organisation: cells.filter('[data-label=What]').find('span').text().trim(),
      }
    })
    .get()
  return { total, rows }
}

async function membershipsOf(userId: string) {
  return t.testDb.db
    .selectFrom('membership')
    .select(['role', 'organisation_id'])
    .where('user_id', '=', userId)
    .orderBy('organisation_id')
    .execute()
}

describe('GET /organisation/people', () => {
  it('shows an organisation administrator only the people of their organisation', async () => {
    const { organisation, emails } = await peoplePage(await signedIn('orgadmin@example.org'))
    expect(organisation).toBe('Organisation A')
    expect(emails).toEqual(
      [
        'analyst@example.org',
        'both@example.org',
        'officer@example.org',
        'orgadmin@example.org',
        'victim@example.org',
        'viewer@example.org',
      ].sort(),
    )
  })

  it('shows the other organisation’s administrator only theirs', async () => {
    const { organisation, emails } = await peoplePage(await signedIn('orgadmin-b@example.org'))
    expect(organisation).toBe('Organisation B')
    expect(emails).toEqual(['both@example.org', 'bperson@example.org', 'orgadmin-b@example.org'])
  })
})

describe('GET /organisation/people/:id', () => {
  it('opens a person of the organisation', async () => {
    const response = await (
      await signedIn('orgadmin@example.org')
    ).get(`/organisation/people/${fixture.users.officer.id}`)
    expect(response.statusCode).toBe(200)
    expect($(response.body)('h1').text()).toBe('officer')
  })

  it('answers 404 for a person of another organisation, and will not change or remove them', async () => {
    const client = await signedIn('orgadmin@example.org')
    for (const id of [bPerson.id, fixture.users.otherOrgAdmin.id]) {
      expect((await client.get(`/organisation/people/${id}`)).statusCode).toBe(404)
      expect((await client.post(`/organisation/people/${id}/role`, { role: 'viewer' })).statusCode).toBe(404)
      expect((await client.post(`/organisation/people/${id}/remove`, {})).statusCode).toBe(404)
    }
    expect(await membershipsOf(bPerson.id)).toEqual([{ role: 'analyst', organisation_id: 'org-b' }])
    expect(await membershipsOf(fixture.users.otherOrgAdmin.id)).toEqual([
      { role: 'org_admin', organisation_id: 'org-b' },
    ])
  })

  it('answers 404 for a person with no organisation, and for an id that is not an id', async () => {
    const client = await signedIn('orgadmin@example.org')
    expect((await client.get(`/organisation/people/${fixture.users.supplier.id}`)).statusCode).toBe(404)
    expect((await client.get(`/organisation/people/${fixture.users.admin.id}`)).statusCode).toBe(404)
    expect((await client.get('/organisation/people/not-a-uuid')).statusCode).toBe(404)
  })
})

describe('POST /organisation/switch', () => {
  it('refuses an organisation the person does not belong to', async () => {
    const client = await signedIn('orgadmin@example.org')
    const response = await client.post('/organisation/switch', { organisationId: 'org-b' })
    expect(response.statusCode).toBe(403)
    expect((await peoplePage(client)).organisation).toBe('Organisation A')
    expect((await client.get(`/organisation/people/${bPerson.id}`)).statusCode).toBe(404)
  })

  it('offers, and accepts, an organisation the person belongs to; pages then show that organisation', async () => {
    const client = await signedIn('both@example.org')
    const home = await client.get('/home')
    const options = $(home.body)('#switch-organisation option')
      .map((_i, el) => $(home.body)(el).attr('value'))
      .get()
    expect(options).toEqual(['org-a', 'org-b'])
    expect((await peoplePage(client)).organisation).toBe('Organisation A')

    const response = await client.post('/organisation/switch', {
      organisationId: 'org-b',
      returnTo: '/organisation/people',
    })
    expect(response.statusCode).toBe(302)
    expect(response.headers.location).toBe('/organisation/people')
    const { organisation, emails } = await peoplePage(client)
    expect(organisation).toBe('Organisation B')
    expect(emails).toEqual(['both@example.org', 'bperson@example.org', 'orgadmin-b@example.org'])
    expect((await client.get(`/organisation/people/${bPerson.id}`)).statusCode).toBe(200)
    expect((await client.get(`/organisation/people/${fixture.users.officer.id}`)).statusCode).toBe(404)

    await client.post('/organisation/switch', { organisationId: 'org-a' })
    expect((await peoplePage(client)).organisation).toBe('Organisation A')
  })

  it('falls back to an organisation the person still belongs to when the chosen one is taken away', async () => {
    const client = await signedIn('both@example.org')
    await client.post('/organisation/switch', { organisationId: 'org-b' })
    expect((await peoplePage(client)).organisation).toBe('Organisation B')
    // The membership goes behind the session's back (revoke would also sign them out).
    await t.testDb.db
      .deleteFrom('membership')
      .where('user_id', '=', both.id)
      .where('organisation_id', '=', 'org-b')
      .execute()
    try {
      expect((await peoplePage(client)).organisation).toBe('Organisation A')
    } finally {
      await t.services.users.grant(SYSTEM_ACTOR, { userId: both.id, role: 'org_admin', organisationId: 'org-b' })
    }
  })
})

describe('GET /audit', () => {
  it('shows an organisation administrator only their organisation’s events', async () => {
    const client = await signedIn('orgadmin@example.org')
    // Something to see from each organisation.
    await client.post(`/organisation/people/${fixture.users.viewer.id}/role`, { role: 'viewer' })
    const other = await signedIn('orgadmin-b@example.org')
    await other.post(`/organisation/people/${bPerson.id}/role`, { role: 'analyst' })

    const orgA = await t.testDb.db
      .selectFrom('audit_event')
      .select('id')
      .where('organisation_id', '=', 'org-a')
      .execute()
    const page = await auditPage(client)
    expect(page.total).toBe(orgA.length)
    expect(page.rows.length).toBe(Math.min(orgA.length, 50))
    expect(page.rows.every((r) => r.organisation === 'org-a')).toBe(true)

    // Asking for another organisation in the query string makes no difference.
    const sneaky = await auditPage(client, '?organisationId=org-b')
    expect(sneaky.total).toBe(orgA.length)
    expect(sneaky.rows.every((r) => r.organisation === 'org-a')).toBe(true)
  })

  it('shows the installation administrator every event', async () => {
    const all = await t.testDb.db.selectFrom('audit_event').select('id').execute()
    const page = await auditPage(await signedIn('admin@example.org'))
    expect(page.total).toBe(all.length + 1) // and their own sign-in
    const organisations = new Set(page.rows.map((r) => r.organisation))
    expect(organisations).toContain('org-a')
    expect(organisations).toContain('org-b')
    expect(organisations).toContain('') // events that belong to no organisation, like sign-ins
  })

  it('is refused to people who are not administrators', async () => {
    for (const email of ['officer@example.org', 'analyst@example.org', 'viewer@example.org', 'supplier@example.org']) {
      expect((await (await signedIn(email)).get('/audit')).statusCode).toBe(403)
    }
  })
})

describe('a supplier', () => {
  it('cannot open organisation pages', async () => {
    const client = await signedIn('supplier@example.org')
    for (const url of [
      '/organisation/people',
      '/organisation/people/add',
      `/organisation/people/${fixture.users.victim.id}`,
      '/audit',
    ]) {
      const response = await client.get(url)
      expect(response.statusCode, url).toBe(403)
    }
    const add = await client.post('/organisation/people/add', {
      name: 'Sneaky',
      email: 'sneaky@example.org',
      role: 'officer',
    })
    expect(add.statusCode).toBe(403)
    expect(await t.services.users.findByEmail('sneaky@example.org')).toBeUndefined()
    expect((await client.post('/organisation/switch', { organisationId: 'org-a' })).statusCode).toBe(403)
  })
})

describe('changing roles', () => {
  it('audits a role change with the role before and after, and who made it from where', async () => {
    const client = await signedIn('orgadmin@example.org')
    const response = await client.post(`/organisation/people/${fixture.users.victim.id}/role`, { role: 'viewer' })
    expect(response.statusCode).toBe(302)
    expect(await membershipsOf(fixture.users.victim.id)).toEqual([{ role: 'viewer', organisation_id: 'org-a' }])

    const event = await t.testDb.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'membership.grant')
      .where('entity_id', '=', fixture.users.victim.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    expect(event).toMatchObject({
      actor_user_id: fixture.users.org_admin.id,
      actor_label: 'orgadmin@example.org',
      organisation_id: 'org-a',
      entity_type: 'user',
      ip: '127.0.0.1',
    })
    expect(event.before).toMatchObject({ role: 'analyst', organisationId: 'org-a' })
    expect(event.after).toMatchObject({ role: 'viewer', organisationId: 'org-a' })

    const page = await client.get(`/organisation/people/${fixture.users.victim.id}`)
    expect($(page.body)('.govuk-notification-banner').text()).toContain('is now viewer')
  })

  it('does not let an organisation administrator remove themselves or give up their own role', async () => {
    const client = await signedIn('orgadmin@example.org')
    const self = fixture.users.org_admin.id
    const page = await client.get(`/organisation/people/${self}`)
    expect($(page.body)(`form[action="/organisation/people/${self}/remove"]`)).toHaveLength(0)

    const remove = await client.post(`/organisation/people/${self}/remove`, {})
    expect(remove.statusCode).toBe(400)
    expect($(remove.body)('main').text()).toContain('You cannot remove yourself')
    const demote = await client.post(`/organisation/people/${self}/role`, { role: 'viewer' })
    expect(demote.statusCode).toBe(400)
    expect(await membershipsOf(self)).toEqual([{ role: 'org_admin', organisation_id: 'org-a' }])
    expect((await client.get('/organisation/people')).statusCode).toBe(200)
  })

  it('removes someone else from the organisation and signs them out', async () => {
    const person = (
      await t.services.users.add(SYSTEM_ACTOR, {
        email: 'goner@example.org',
        name: 'Goner',
        role: 'officer',
        organisationId: 'org-a',
        password: FIXTURE_PASSWORD,
      })
    ).user
    const goner = await signedIn('goner@example.org')
    const client = await signedIn('orgadmin@example.org')
    const response = await client.post(`/organisation/people/${person.id}/remove`, {})
    expect(response.statusCode).toBe(302)
    expect(await membershipsOf(person.id)).toEqual([])
    expect((await goner.get('/account')).statusCode).toBe(302)
    const event = await t.testDb.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'membership.revoke')
      .where('entity_id', '=', person.id)
      .executeTakeFirstOrThrow()
    expect(event.before).toMatchObject({ role: 'officer', organisationId: 'org-a' })
    expect(event.actor_label).toBe('orgadmin@example.org')
  })
})
