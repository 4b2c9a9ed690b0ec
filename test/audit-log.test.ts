// The audit log: append-only at the database, complete about who did what from where, free of secrets, and
// searchable on the /audit page.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '../src/domain/audit/audit.js'
import { recordAudit } from '../src/services/audit.service.js'
import { $, Client, createTestApp, type TestApp } from './helpers/app.js'
import { createAccessFixture, FIXTURE_PASSWORD, type AccessFixture } from './helpers/fixtures.js'

const CHANGED_PASSWORD = 'the changed password for audit'
const RESET_PASSWORD = 'the reset password for audit'
const SET_PASSWORD = 'the first password for audit'
const USER_AGENT = 'AuditTest/1.0 (+https://example.org)'

let t: TestApp
let fixture: AccessFixture
/** Links emailed during the tests; their tokens must not reach the log either. */
const emailedTokens: string[] = []

beforeAll(async () => {
  t = await createTestApp()
  fixture = await createAccessFixture(t.services)
})
afterAll(() => t?.close())

async function signedIn(email: string, password = FIXTURE_PASSWORD): Promise<Client> {
  const client = new Client(t.app)
  await client.signIn(email, password)
  return client
}

function lastEmailedPath(kind: 'reset' | 'set'): string {
  const match = new RegExp(`(/password/${kind}/([\\w-]+))`).exec(t.mailer.sent.at(-1)!.text)
  if (!match) throw new Error(`No ${kind} link in the last email`)
  emailedTokens.push(match[2]!)
  return match[1]!
}

function allEvents() {
  return t.testDb.db.selectFrom('audit_event').selectAll().orderBy('id').execute()
}

type AuditRow = { when: string; who: string; action: string; what: string }

async function auditPage(client: Client, query: Record<string, string> = {}) {
  const response = await client.get(`/audit?${new URLSearchParams(query).toString()}`)
  expect(response.statusCode).toBe(200)
  const page = $(response.body)
  const total = Number(/([\d,]+) events?\./.exec(page('main').text())?.[1]?.replace(/,/g, ''))
  const rows: AuditRow[] = page('tbody tr')
    .map((_i, row) => {
      const cells = page(row).find('td')
      return {
        when: cells.filter('[data-label=When]').text().trim(),
        who: cells.filter('[data-label=Who]').text().trim(),
        action: cells.filter('[data-label=Action]').text().trim(),
        what: cells.filter('[data-label=What]').text().trim(),
      }
    })
    .get()
  return { total, rows, errors: page('.govuk-error-summary__list').text().replace(/\s+/g, ' ').trim(), page }
}

describe('the audit_event table', () => {
  it('refuses UPDATE, DELETE and TRUNCATE at the database', async () => {
    const db = t.testDb.db
    const before = await allEvents()
    expect(before.length).toBeGreaterThan(0)
    const id = before[0]!.id
    await expect(sql`update audit_event set action = 'tampered' where id = ${id}`.execute(db)).rejects.toThrow(
      /append-only/,
    )
    await expect(sql`update audit_event set actor_label = 'nobody'`.execute(db)).rejects.toThrow(/append-only/)
    await expect(sql`delete from audit_event where id = ${id}`.execute(db)).rejects.toThrow(/append-only/)
    await expect(sql`delete from audit_event`.execute(db)).rejects.toThrow(/append-only/)
    await expect(sql`truncate audit_event`.execute(db)).rejects.toThrow(/append-only/)
    await expect(db.updateTable('audit_event').set({ action: 'tampered' }).execute()).rejects.toThrow(/append-only/)
    await expect(db.deleteFrom('audit_event').execute()).rejects.toThrow(/append-only/)
    expect(await allEvents()).toEqual(before)
  })

  it('refuses them inside a transaction too, and the rest of the transaction is rolled back', async () => {
    const before = await allEvents()
    await expect(
      t.testDb.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('app_user')
          .set({ name: 'Renamed in vain' })
          .where('id', '=', fixture.users.viewer.id)
          .execute()
        await sql`delete from audit_event`.execute(trx)
      }),
    ).rejects.toThrow(/append-only/)
    expect(await allEvents()).toEqual(before)
    expect((await t.services.users.get(fixture.users.viewer.id)).name).toBe('viewer')
  })

  it('still takes new events', async () => {
    const before = (await allEvents()).length
    await recordAudit(t.testDb.db, SYSTEM_ACTOR, [
      { organisationId: null, action: 'test.append', entityType: 'test', entityId: '1' },
    ])
    expect(await allEvents()).toHaveLength(before + 1)
  })
})

describe('what an event records', () => {
  it('records the actor, their address and browser, and the state before and after', async () => {
    const client = await signedIn('orgadmin@example.org')
    const token = await client.csrf('/account')
    const response = await t.app.inject({
      method: 'POST',
      url: `/organisation/people/${fixture.users.victim.id}/role`,
      headers: { cookie: client.cookie, 'content-type': 'application/x-www-form-urlencoded', 'user-agent': USER_AGENT },
      payload: new URLSearchParams({ role: 'officer', _csrf: token }).toString(),
    })
    expect(response.statusCode).toBe(302)
    const event = (await allEvents()).at(-1)!
    expect(event).toMatchObject({
      action: 'membership.grant',
      actor_user_id: fixture.users.org_admin.id,
      actor_label: 'orgadmin@example.org',
      organisation_id: 'org-a',
      entity_type: 'user',
      entity_id: fixture.users.victim.id,
      ip: '127.0.0.1',
      user_agent: USER_AGENT,
    })
    expect(event.occurred_at).toBeInstanceOf(Date)
    expect(Math.abs(event.occurred_at.getTime() - Date.now())).toBeLessThan(60_000)
    expect(event.before).toMatchObject({ role: 'analyst', organisationId: 'org-a' })
    expect(event.after).toMatchObject({ role: 'officer', organisationId: 'org-a' })

    // The page shows the same.
    const page = await auditPage(await signedIn('admin@example.org'), { action: 'membership.grant' })
    const row = page.rows.find((r) => r.what.includes(fixture.users.victim.id))
    expect(row?.who).toContain('orgadmin@example.org')
    expect(row?.who).toContain('from 127.0.0.1')
    const details = page.page('tbody tr').first().find('pre').text()
    expect(details).toContain('"analyst"')
    expect(details).toContain('"officer"')
  })

  it('records failed sign-ins that lock an account against that account, with the address they came from', async () => {
    await t.services.users.add(SYSTEM_ACTOR, {
      email: 'locked@example.org',
      name: 'Locked',
      role: 'viewer',
      organisationId: 'org-a',
      password: FIXTURE_PASSWORD,
    })
    const client = new Client(t.app)
    for (let n = 1; n <= 5; n++)
      await client.post('/sign-in', { email: 'locked@example.org', password: `wrong ${n}` }, { csrfFrom: '/sign-in' })
    const event = (await allEvents()).find((e) => e.action === 'user.locked')
    expect(event).toMatchObject({ actor_label: 'locked@example.org', ip: '127.0.0.1', user_agent: 'lightMyRequest' })
  })

  it('never contains a password, a password hash or an emailed token', async () => {
    // Everything that handles a secret, through the web app.
    const changer = await signedIn('officer@example.org')
    expect(
      (
        await changer.post('/account/password', {
          currentPassword: FIXTURE_PASSWORD,
          newPassword: CHANGED_PASSWORD,
          confirmPassword: CHANGED_PASSWORD,
        })
      ).statusCode,
    ).toBe(302)
    await new Client(t.app).post('/sign-in', { email: 'officer@example.org', password: FIXTURE_PASSWORD })

    await new Client(t.app).post('/password/forgotten', { email: 'viewer@example.org' })
    const reset = lastEmailedPath('reset')
    expect(
      (
        await new Client(t.app).post(
          reset,
          { password: RESET_PASSWORD, confirmPassword: RESET_PASSWORD },
          { csrfFrom: reset },
        )
      ).statusCode,
    ).toBe(302)

    const orgAdmin = await signedIn('orgadmin@example.org')
    await orgAdmin.post('/organisation/people/add', {
      name: 'Secretive',
      email: 'secretive@example.org',
      role: 'analyst',
    })
    const set = lastEmailedPath('set')
    expect(
      (await new Client(t.app).post(set, { password: SET_PASSWORD, confirmPassword: SET_PASSWORD }, { csrfFrom: set }))
        .statusCode,
    ).toBe(302)

    const admin = await signedIn('admin@example.org')
    await admin.post('/admin/users/add', {
      name: 'Added By Admin',
      email: 'added@example.org',
      role: 'viewer',
      organisationId: 'org-b',
    })
    lastEmailedPath('set')
    await admin.post(`/admin/users/${fixture.users.analyst.id}/disable`, { disabled: 'true' })

    // And a service handed a secret by mistake.
    await t.services.users.add(SYSTEM_ACTOR, {
      email: 'with-password@example.org',
      name: 'With Password',
      role: 'viewer',
      organisationId: 'org-a',
      password: FIXTURE_PASSWORD,
    })
    await recordAudit(t.testDb.db, SYSTEM_ACTOR, [
      {
        organisationId: null,
        action: 'test.careless',
        entityType: 'user',
        entityId: 'x',
        before: { password: FIXTURE_PASSWORD, nested: [{ passwordHash: `test-hash:${FIXTURE_PASSWORD}` }] },
        after: { token: emailedTokens[0], token_hash: 'abc' },
      },
    ])

    const events = await allEvents()
    const actions = new Set(events.map((e) => e.action))
    for (const action of [
      'user.sign-in',
      'user.locked',
      'user.password-change',
      'user.password-reset-requested',
      'user.password-set',
      'user.add',
      'user.disable',
    ])
      expect(actions, action).toContain(action)
    const secrets = [FIXTURE_PASSWORD, CHANGED_PASSWORD, RESET_PASSWORD, SET_PASSWORD, ...emailedTokens]
    for (const event of events) {
      const json = JSON.stringify(event)
      for (const secret of secrets) expect(json, `${event.action} contains a secret`).not.toContain(secret)
      // The careless event names secret fields (with their values redacted); no real event even names one.
      if (event.action !== 'test.careless')
        expect(json.toLowerCase(), `${event.action} mentions a hash`).not.toContain('hash')
    }
    // Hashes of the emailed tokens are not there either.
    const tokenHashes = (await t.testDb.db.selectFrom('password_token').select('token_hash').execute()).map(
      (r) => r.token_hash,
    )
    for (const event of events) for (const hash of tokenHashes) expect(JSON.stringify(event)).not.toContain(hash)
    const careless = events.find((e) => e.action === 'test.careless')!
    expect(careless.before).toEqual({ password: '[redacted]', nested: [{ passwordHash: '[redacted]' }] })
    expect(careless.after).toEqual({ token: '[redacted]', token_hash: '[redacted]' })
  })
})

describe('filtering on the audit page', () => {
  let admin: Client

  beforeAll(async () => {
    admin = await signedIn('admin@example.org')
  })

  it('filters by action', async () => {
    const expected = await t.testDb.db
      .selectFrom('audit_event')
      .select('id')
      .where('action', '=', 'user.sign-in')
      .execute()
    const { total, rows } = await auditPage(admin, { action: 'user.sign-in' })
    expect(total).toBe(expected.length)
    expect(rows.length).toBe(Math.min(50, expected.length))
    expect(rows.every((r) => r.action === 'user.sign-in')).toBe(true)
  })

  it('sends a page past the last to the last, keeping the filter', async () => {
    const beyond = await admin.get('/audit?action=user.sign-in&page=9999')
    expect(beyond.statusCode).toBe(302)
    expect(beyond.headers.location).toBe('/audit?action=user.sign-in&page=1')
  })

  it('offers every recorded action in the filter', async () => {
    const { page } = await auditPage(admin)
    const offered = page('#action option')
      .map((_i, el) => page(el).attr('value'))
      .get()
      .filter(Boolean)
    const recorded = [...new Set((await allEvents()).map((e) => e.action))].sort()
    expect(offered).toEqual(recorded)
  })

  it('filters by actor, matching part of the label', async () => {
    const { total, rows } = await auditPage(admin, { actor: 'ORGADMIN@' })
    const expected = (await allEvents()).filter((e) => e.actor_label.toLowerCase().includes('orgadmin@'))
    expect(total).toBe(expected.length)
    expect(total).toBeGreaterThan(0)
    expect(rows.every((r) => r.who.toLowerCase().includes('orgadmin@'))).toBe(true)
  })

  it('treats % and _ in the actor filter as plain characters', async () => {
    expect((await auditPage(admin, { actor: '%' })).total).toBe(0)
    expect((await auditPage(admin, { actor: '_' })).total).toBe(0)
  })

  it('combines action and actor', async () => {
    const { total, rows } = await auditPage(admin, { action: 'user.sign-in', actor: 'officer@' })
    const expected = (await allEvents()).filter(
      (e) => e.action === 'user.sign-in' && e.actor_label.includes('officer@'),
    )
    expect(total).toBe(expected.length)
    expect(rows.every((r) => r.action === 'user.sign-in' && r.who.includes('officer@'))).toBe(true)
  })

  it('filters by date, counting the whole of the last day', async () => {
    const events = await allEvents()
    const day = (d: Date) => d.toISOString().slice(0, 10)
    const days = [...new Set(events.map((e) => day(e.occurred_at)))].sort()
    const first = days[0]!
    const last = days.at(-1)!
    const before = day(new Date(Date.parse(first) - 86_400_000))
    const after = day(new Date(Date.parse(last) + 86_400_000))

    expect((await auditPage(admin, { from: first, to: last })).total).toBe(events.length)
    expect((await auditPage(admin, { from: after })).total).toBe(0)
    expect((await auditPage(admin, { to: before })).total).toBe(0)
    expect((await auditPage(admin, { from: before })).total).toBe(events.length)
    expect((await auditPage(admin, { to: last })).total).toBe(events.length)
    const onLast = events.filter((e) => day(e.occurred_at) === last).length
    expect((await auditPage(admin, { from: last, to: last })).total).toBe(onLast)
  })

  it('explains a date it cannot read', async () => {
    const notADate = await auditPage(admin, { from: 'yesterday' })
    expect(notADate.errors).toContain('Enter a date like 2026-11-22')
    const impossible = await auditPage(admin, { to: '2026-13-45' })
    expect(impossible.errors).toContain('Enter a real date')
    const notInFebruary = await auditPage(admin, { from: '2026-02-30' })
    expect(notInFebruary.errors).toContain('Enter a real date')
  })

  it('pages through many events', async () => {
    const total = (await allEvents()).length
    if (total <= 50) {
      expect((await admin.get('/audit?page=2')).headers.location).toBe('/audit?page=1')
      return
    }
    const { rows } = await auditPage(admin, { page: '2' })
    expect(rows.length).toBe(Math.min(50, total - 50))
  })
})
