// Signing in and out: credentials, session cookies and fixation, lockout, disabled accounts, signing out
// everywhere, changing a password, and where people are sent after signing in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '../src/domain/audit/audit.js'
import { SESSION_COOKIE } from '../src/web/middleware/set-up-session.js'
import { $, Client, createTestApp, type TestApp } from './helpers/app.js'
import { createAccessFixture, FIXTURE_PASSWORD, type AccessFixture } from './helpers/fixtures.js'

const WRONG_CREDENTIALS = 'Enter a correct email address and password'
const LOCKED = 'Your account is locked after too many attempts'
const NEW_PASSWORD = 'a brand new long passphrase'

/** A clock the tests can move forward. */
const clock = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) }

let t: TestApp
let fixture: AccessFixture

beforeAll(async () => {
  t = await createTestApp({ clock })
  fixture = await createAccessFixture(t.services)
})
afterAll(() => t?.close())

/** Adds a person with the fixture password, so each test can change them without disturbing the others. */
async function addPerson(email: string) {
  const { user } = await t.services.users.add(SYSTEM_ACTOR, {
    email,
    name: email.split('@')[0]!,
    role: 'officer',
    organisationId: 'org-a',
    password: FIXTURE_PASSWORD,
  })
  return user
}

/** Signs in (or tries to) from a client that may already hold a signed-out session. */
function attempt(client: Client, email: string, password: string) {
  return client.post('/sign-in', { email, password }, { csrfFrom: '/sign-in' })
}

async function signedIn(email: string, password = FIXTURE_PASSWORD): Promise<Client> {
  const client = new Client(t.app)
  await client.signIn(email, password)
  return client
}

/** Whether a client's session still belongs to a signed-in person. */
async function isSignedIn(client: Client): Promise<boolean> {
  const response = await client.get('/account')
  if (response.statusCode === 200) return true
  expect(response.statusCode).toBe(302)
  expect(response.headers.location).toBe('/sign-in')
  return false
}

function errorSummary(html: string): string {
  return $(html)('.govuk-error-summary__list').text().replace(/\s+/g, ' ').trim()
}

function sidOf(cookie: string): string {
  return decodeURIComponent(cookie.slice(`${SESSION_COOKIE}=`.length)).split('.')[0]!
}

function sessionRow(sid: string) {
  return t.testDb.db.selectFrom('session').select(['sid', 'user_id']).where('sid', '=', sid).executeTakeFirst()
}

function setCookieHeaders(headers: Record<string, unknown>): string[] {
  const value = headers['set-cookie']
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : []
}

describe('POST /sign-in', () => {
  it('signs in with the right password and goes to the home page', async () => {
    const client = new Client(t.app)
    const response = await client.signIn('officer@example.org', FIXTURE_PASSWORD)
    expect(response.headers.location).toBe('/home')
    const home = await client.get('/home')
    expect(home.statusCode).toBe(200)
    expect($(home.body)('.cwb-account-bar').text()).toContain('officer')
  })

  it('accepts the email address in any case and with spaces around it', async () => {
    const client = new Client(t.app)
    const response = await attempt(client, '  Officer@Example.ORG ', FIXTURE_PASSWORD)
    expect(response.statusCode).toBe(302)
    expect(await isSignedIn(client)).toBe(true)
  })

  it('refuses a wrong password and an unknown email address with the same answer', async () => {
    const wrongPassword = await new Client(t.app).post('/sign-in', {
      email: 'viewer@example.org',
      password: 'not the password',
    })
    const unknownEmail = await new Client(t.app).post('/sign-in', {
      email: 'nobody@example.org',
      password: FIXTURE_PASSWORD,
    })
    expect(wrongPassword.statusCode).toBe(401)
    expect(unknownEmail.statusCode).toBe(401)
    expect(errorSummary(wrongPassword.body)).toBe(WRONG_CREDENTIALS)
    expect(errorSummary(unknownEmail.body)).toBe(WRONG_CREDENTIALS)
    expect($(wrongPassword.body)('title').text()).toMatch(/^Error: Sign in/)
    // The email address is kept in the form; the password is not.
    expect($(wrongPassword.body)('#email').val()).toBe('viewer@example.org')
    expect($(wrongPassword.body)('#password').val()).toBeUndefined()
  })

  it('does not sign in after a wrong password', async () => {
    const client = new Client(t.app)
    await attempt(client, 'viewer@example.org', 'not the password')
    expect(await isSignedIn(client)).toBe(false)
  })

  it('asks for the fields that are missing', async () => {
    const response = await new Client(t.app).post('/sign-in', { email: '', password: '' })
    expect(response.statusCode).toBe(400)
    expect(errorSummary(response.body)).toContain('Enter your email address')
    expect(errorSummary(response.body)).toContain('Enter your password')
  })
})

describe('the session cookie', () => {
  it('is HttpOnly and SameSite=Lax, and not Secure when the app is told cookies need not be', async () => {
    const client = new Client(t.app)
    const response = await client.signIn('officer@example.org', FIXTURE_PASSWORD)
    const cookie = setCookieHeaders(response.headers).find((c) => c.startsWith(`${SESSION_COOKIE}=`))
    expect(cookie).toBeDefined()
    expect(cookie).toMatch(/;\s*HttpOnly/i)
    expect(cookie).toMatch(/;\s*SameSite=Lax/i)
    expect(cookie).toMatch(/;\s*Path=\//i)
    expect(cookie).not.toMatch(/;\s*Secure/i)
  })

  it('is Secure (and HttpOnly, SameSite=Lax) when secureCookies is true, and is never sent over plain HTTP', async () => {
    const secure = await createTestApp({ secureCookies: true, trustProxy: true })
    try {
      await createAccessFixture(secure.services)
      const https = { 'x-forwarded-proto': 'https' }
      const page = await secure.app.inject({ method: 'GET', url: '/sign-in', headers: https })
      const first = setCookieHeaders(page.headers).find((c) => c.startsWith(`${SESSION_COOKIE}=`))
      expect(first).toMatch(/;\s*Secure/i)
      const cookie = first!.split(';')[0]!
      const token = String($(page.body)('input[name=_csrf]').val())
      const response = await secure.app.inject({
        method: 'POST',
        url: '/sign-in',
        headers: { ...https, cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          email: 'officer@example.org',
          password: FIXTURE_PASSWORD,
          _csrf: token,
        }).toString(),
      })
      expect(response.statusCode).toBe(302)
      const signedInCookie = setCookieHeaders(response.headers).find((c) => c.startsWith(`${SESSION_COOKIE}=`))
      expect(signedInCookie).toMatch(/;\s*Secure/i)
      expect(signedInCookie).toMatch(/;\s*HttpOnly/i)
      expect(signedInCookie).toMatch(/;\s*SameSite=Lax/i)

      const plain = await secure.app.inject({ method: 'GET', url: '/sign-in' })
      expect(setCookieHeaders(plain.headers).filter((c) => c.startsWith(`${SESSION_COOKIE}=`))).toEqual([])
    } finally {
      await secure.close()
    }
  })

  it('gets a new session id at sign-in, and the session from before sign-in is worth nothing', async () => {
    const client = new Client(t.app)
    await client.get('/sign-in')
    const before = client.cookie
    expect(before).not.toBe('')
    expect(await sessionRow(sidOf(before))).toBeDefined()

    await client.signIn('officer@example.org', FIXTURE_PASSWORD)
    const after = client.cookie
    expect(after).not.toBe('')
    expect(sidOf(after)).not.toBe(sidOf(before))
    expect(await sessionRow(sidOf(before))).toBeUndefined()
    expect((await sessionRow(sidOf(after)))?.user_id).toBe(fixture.users.officer.id)

    // Someone who planted or saw the old cookie is not signed in with it.
    const attacker = new Client(t.app)
    attacker.cookie = before
    expect(await isSignedIn(attacker)).toBe(false)
    expect(await isSignedIn(client)).toBe(true)
  })
})

describe('POST /sign-out', () => {
  it('ends the session, so the old cookie no longer works', async () => {
    const client = await signedIn('analyst@example.org')
    const cookie = client.cookie
    expect(await isSignedIn(client)).toBe(true)

    const response = await client.post('/sign-out', {})
    expect(response.statusCode).toBe(302)
    expect(response.headers.location).toBe('/')
    expect(await sessionRow(sidOf(cookie))).toBeUndefined()

    const replay = new Client(t.app)
    replay.cookie = cookie
    expect(await isSignedIn(replay)).toBe(false)
  })

  it('is refused to someone not signed in', async () => {
    const response = await new Client(t.app).post('/sign-out', {}, { csrfFrom: '/sign-in' })
    expect(response.statusCode).toBe(401)
  })
})

describe('lockout after repeated failures', () => {
  it('locks the account at the fifth failure, refuses even the right password, and records user.locked', async () => {
    const user = await addPerson('lockme@example.org')
    const client = new Client(t.app)
    for (let n = 1; n <= 4; n++) {
      const response = await attempt(client, 'lockme@example.org', `wrong ${n}`)
      expect(response.statusCode).toBe(401)
      expect(errorSummary(response.body)).toBe(WRONG_CREDENTIALS)
    }
    const fifth = await attempt(client, 'lockme@example.org', 'wrong 5')
    expect(fifth.statusCode).toBe(401)
    expect(errorSummary(fifth.body)).toContain(LOCKED)

    const right = await attempt(client, 'lockme@example.org', FIXTURE_PASSWORD)
    expect(right.statusCode).toBe(401)
    expect(errorSummary(right.body)).toContain(LOCKED)
    expect(await isSignedIn(client)).toBe(false)

    const locked = await t.testDb.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'user.locked')
      .where('entity_id', '=', user.id)
      .execute()
    expect(locked).toHaveLength(1)
    expect(locked[0]!.actor_label).toBe('lockme@example.org')
    expect(locked[0]!.ip).toBe('127.0.0.1')
    expect((locked[0]!.after as { lockedUntil?: string }).lockedUntil).toMatch(/^\d{4}-\d{2}-\d{2}T/)
    expect(
      await t.testDb.db.selectFrom('app_user').select('locked_until').where('id', '=', user.id).executeTakeFirst(),
    ).toMatchObject({
      locked_until: expect.any(Date),
    })
  })

  it('lets the right password in again once the lock has run out', async () => {
    await addPerson('waitout@example.org')
    const client = new Client(t.app)
    for (let n = 1; n <= 5; n++) await attempt(client, 'waitout@example.org', 'wrong')
    expect(errorSummary((await attempt(client, 'waitout@example.org', FIXTURE_PASSWORD)).body)).toContain(LOCKED)
    clock.offsetMs = 16 * 60_000
    try {
      const response = await attempt(client, 'waitout@example.org', FIXTURE_PASSWORD)
      expect(response.statusCode).toBe(302)
    } finally {
      clock.offsetMs = 0
    }
  })

  it('does not lock after fewer than five failures when the right password follows', async () => {
    await addPerson('careless@example.org')
    const client = new Client(t.app)
    for (let n = 1; n <= 4; n++) await attempt(client, 'careless@example.org', 'wrong')
    expect((await attempt(client, 'careless@example.org', FIXTURE_PASSWORD)).statusCode).toBe(302)
  })
})

describe('a disabled account', () => {
  it('cannot sign in, and its sessions end when it is disabled', async () => {
    const user = await addPerson('leaver@example.org')
    const leaver = await signedIn('leaver@example.org')
    expect(await isSignedIn(leaver)).toBe(true)

    const admin = await signedIn('admin@example.org')
    const response = await admin.post(`/admin/users/${user.id}/disable`, { disabled: 'true' })
    expect(response.statusCode).toBe(302)

    expect(await isSignedIn(leaver)).toBe(false)
    const sessions = await t.testDb.db.selectFrom('session').select('sid').where('user_id', '=', user.id).execute()
    expect(sessions).toEqual([])

    const again = await new Client(t.app).post('/sign-in', { email: 'leaver@example.org', password: FIXTURE_PASSWORD })
    expect(again.statusCode).toBe(401)
    // The same answer as a wrong password: nothing says the account exists.
    expect(errorSummary(again.body)).toBe(WRONG_CREDENTIALS)
  })

  it('is refused even if a session of it survived', async () => {
    const user = await addPerson('survivor@example.org')
    const survivor = await signedIn('survivor@example.org')
    // Disabled behind the sessions' back (as another process might): the session row is still there.
    await t.testDb.db.updateTable('app_user').set({ disabled_at: new Date() }).where('id', '=', user.id).execute()
    expect(await isSignedIn(survivor)).toBe(false)
  })
})

describe('POST /account/sign-out-everywhere', () => {
  it('ends every other session of the person and keeps the current one', async () => {
    await addPerson('roamer@example.org')
    const here = await signedIn('roamer@example.org')
    const phone = await signedIn('roamer@example.org')
    const laptop = await signedIn('roamer@example.org')
    const someoneElse = await signedIn('viewer@example.org')

    const response = await here.post('/account/sign-out-everywhere', {})
    expect(response.statusCode).toBe(302)
    expect(response.headers.location).toBe('/account')
    const account = await here.get('/account')
    expect(account.statusCode).toBe(200)
    expect($(account.body)('.govuk-notification-banner').text()).toContain('signed out of 2 other sessions')

    expect(await isSignedIn(phone)).toBe(false)
    expect(await isSignedIn(laptop)).toBe(false)
    expect(await isSignedIn(here)).toBe(true)
    expect(await isSignedIn(someoneElse)).toBe(true)
  })
})

describe('POST /account/password', () => {
  it('refuses a wrong current password and changes nothing', async () => {
    await addPerson('forgetful@example.org')
    const client = await signedIn('forgetful@example.org')
    const other = await signedIn('forgetful@example.org')
    const response = await client.post('/account/password', {
      currentPassword: 'not my password',
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    })
    expect(response.statusCode).toBe(400)
    expect(errorSummary(response.body)).toContain('Your current password is not right')
    expect(await isSignedIn(other)).toBe(true)
    expect(
      (await new Client(t.app).post('/sign-in', { email: 'forgetful@example.org', password: FIXTURE_PASSWORD }))
        .statusCode,
    ).toBe(302)
  })

  it('refuses a new password that is too short or does not match', async () => {
    await addPerson('hasty@example.org')
    const client = await signedIn('hasty@example.org')
    const short = await client.post('/account/password', {
      currentPassword: FIXTURE_PASSWORD,
      newPassword: 'short',
      confirmPassword: 'short',
    })
    expect(short.statusCode).toBe(400)
    expect(errorSummary(short.body)).toContain('Password must be 12 characters or more')
    const mismatch = await client.post('/account/password', {
      currentPassword: FIXTURE_PASSWORD,
      newPassword: NEW_PASSWORD,
      confirmPassword: `${NEW_PASSWORD}!`,
    })
    expect(mismatch.statusCode).toBe(400)
    expect(errorSummary(mismatch.body)).toContain('The new passwords do not match')
  })

  it('changes the password, keeps this session and ends the others', async () => {
    await addPerson('changer@example.org')
    const client = await signedIn('changer@example.org')
    const other = await signedIn('changer@example.org')
    const response = await client.post('/account/password', {
      currentPassword: FIXTURE_PASSWORD,
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    })
    expect(response.statusCode).toBe(302)
    expect(response.headers.location).toBe('/account')
    expect(await isSignedIn(client)).toBe(true)
    expect(await isSignedIn(other)).toBe(false)

    const old = await new Client(t.app).post('/sign-in', { email: 'changer@example.org', password: FIXTURE_PASSWORD })
    expect(old.statusCode).toBe(401)
    expect(
      (await new Client(t.app).post('/sign-in', { email: 'changer@example.org', password: NEW_PASSWORD })).statusCode,
    ).toBe(302)
  })
})

describe('where sign-in leads', () => {
  it('returns to the page that asked for sign-in', async () => {
    const client = new Client(t.app)
    const asked = await client.get('/account/password?from=test')
    expect(asked.statusCode).toBe(302)
    expect(asked.headers.location).toBe('/sign-in')
    const response = await client.signIn('officer@example.org', FIXTURE_PASSWORD)
    expect(response.headers.location).toBe('/account/password?from=test')
  })

  it.each(['//evil.example', 'https://evil.example', '/\\evil.example', 'javascript:alert(1)'])(
    'never goes to another site, even if the session says %s',
    async (returnTo) => {
      const client = new Client(t.app)
      await client.get('/sign-in')
      // The app only stores paths it served; write the hostile value into the stored session as an attacker might.
      const sid = sidOf(client.cookie)
      const row = await t.testDb.db
        .selectFrom('session')
        .select('data')
        .where('sid', '=', sid)
        .executeTakeFirstOrThrow()
      await t.testDb.db
        .updateTable('session')
        .set({ data: JSON.stringify({ ...row.data, returnTo }) })
        .where('sid', '=', sid)
        .execute()
      const response = await client.signIn('officer@example.org', FIXTURE_PASSWORD)
      expect(response.headers.location).toBe('/home')
    },
  )

  it.each(['//evil.example', 'https://evil.example', '/\\evil.example'])(
    'the organisation switcher does not follow returnTo %s either',
    async (returnTo) => {
      const client = await signedIn('officer@example.org')
      const response = await client.post('/organisation/switch', { organisationId: 'org-a', returnTo })
      expect(response.statusCode).toBe(302)
      expect(response.headers.location).toBe('/home')
    },
  )

  it('sends a signed-in person away from the sign-in page', async () => {
    const client = await signedIn('officer@example.org')
    const response = await client.get('/sign-in')
    expect(response.statusCode).toBe(302)
    expect(response.headers.location).toBe('/home')
  })
})
