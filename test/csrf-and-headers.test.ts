// CSRF protection on every form, security headers with a per-request CSP nonce, no cookies for casual visitors,
// and the sign-in rate limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isAllowed, type Principal } from '../src/domain/access/roles.js'
import { SYSTEM_ACTOR } from '../src/domain/audit/audit.js'
import { SESSION_COOKIE } from '../src/web/middleware/set-up-session.js'
import { $, Client, createTestApp, type TestApp } from './helpers/app.js'
import { createAccessFixture, FIXTURE_PASSWORD, type AccessFixture } from './helpers/fixtures.js'

const CSRF_MESSAGE = 'Your form could not be sent'
const NEW_PASSWORD = 'a long new password for csrf'

let t: TestApp
let fixture: AccessFixture
const tokens = { reset: '', set: '' }

beforeAll(async () => {
  t = await createTestApp()
  fixture = await createAccessFixture(t.services)
  await t.services.auth.requestPasswordReset(SYSTEM_ACTOR, 'victim@example.org')
  tokens.reset = /\/password\/reset\/([\w-]+)/.exec(t.mailer.sent.at(-1)!.text)![1]!
  await t.services.users.add(SYSTEM_ACTOR, {
    email: 'unset@example.org',
    name: 'Unset',
    role: 'viewer',
    organisationId: 'org-a',
  })
  tokens.set = /\/password\/set\/([\w-]+)/.exec(t.mailer.sent.at(-1)!.text)![1]!
})
afterAll(() => t?.close())

function setCookies(headers: Record<string, unknown>): string[] {
  const value = headers['set-cookie']
  return (Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : []).filter((c) =>
    c.startsWith(`${SESSION_COOKIE}=`),
  )
}

/** Everything a POST could change, except sessions (checked separately). */
async function snapshot(): Promise<string> {
  const db = t.testDb.db
  const tables = [
    'app_user',
    'membership',
    'organisation',
    'organisation_area',
    'network',
    'network_member',
    'password_token',
    'outbox_email',
    'audit_event',
  ] as const
  const contents: Record<string, string[]> = {}
  for (const table of tables) {
    const rows = (await db.selectFrom(table).selectAll().execute()) as unknown[]
    contents[table] = rows.map((r) => JSON.stringify(r)).sort()
  }
  return JSON.stringify(contents)
}

/** A body each form would accept, so that only the missing token stands in the way. */
function validBody(url: string): Record<string, string | string[]> {
  const bodies: Record<string, Record<string, string | string[]>> = {
    '/sign-in': { email: 'orgadmin@example.org', password: FIXTURE_PASSWORD },
    '/password/forgotten': { email: 'victim@example.org' },
    '/password/reset/:token': { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
    '/password/set/:token': { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
    '/account/password': {
      currentPassword: FIXTURE_PASSWORD,
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    },
    '/organisation/switch': { organisationId: 'org-a' },
    '/organisation/people/add': { name: 'Forged Person', email: 'forged@example.org', role: 'officer' },
    '/organisation/people/:id/role': { role: 'viewer' },
    '/admin/organisations/add': { name: 'Forged Council', type: 'council', home: 'E09000019' },
    '/admin/organisations/:id/edit': { name: 'Forged Name', type: 'council', home: 'E09000019' },
    '/admin/networks/add': { name: 'Forged Network', members: ['org-a', 'org-b'] },
    '/admin/networks/:id/edit': { name: 'Forged Network', members: ['org-a'] },
    '/admin/users/add': { name: 'Forged Admin', email: 'forged-admin@example.org', role: 'admin' },
    '/admin/users/:id/role': { role: 'viewer', organisationId: 'org-b' },
    '/admin/users/:id/remove-role': { organisationId: 'org-a' },
    '/admin/users/:id/disable': { disabled: 'true' },
  }
  return bodies[url] ?? {}
}

function concreteUrl(url: string): string {
  const id = url.startsWith('/admin/organisations')
    ? 'org-a'
    : url.startsWith('/admin/networks')
      ? 'net-ab'
      : fixture.users.victim.id
  const token = url.startsWith('/password/set') ? tokens.set : tokens.reset
  return url.replace(':id', id).replace(':token', token)
}

describe('CSRF protection', () => {
  it('refuses every POST without a token, or with a wrong one, and changes nothing', async () => {
    const signedInAs = async (email: string) => {
      const client = new Client(t.app)
      await client.signIn(email, FIXTURE_PASSWORD)
      return client
    }
    const visitor = new Client(t.app)
    await visitor.get('/sign-in')
    const candidates: { client: Client; principal: Principal | null; organisationId: string | null }[] = [
      { client: visitor, principal: null, organisationId: null },
      {
        client: await signedInAs('orgadmin@example.org'),
        principal: await t.services.auth.principal(fixture.users.org_admin.id, null),
        organisationId: 'org-a',
      },
      {
        client: await signedInAs('admin@example.org'),
        principal: await t.services.auth.principal(fixture.users.admin.id, null),
        organisationId: null,
      },
      {
        client: await signedInAs('supplier@example.org'),
        principal: await t.services.auth.principal(fixture.users.supplier.id, null),
        organisationId: null,
      },
    ]

    const before = await snapshot()
    const posts = t.app.registeredRoutes.filter((r) => r.method === 'POST')
    expect(posts.length).toBeGreaterThanOrEqual(15)
    const failures: string[] = []
    for (const route of posts) {
      const who = candidates.find((c) => isAllowed(c.principal, route.access, c.organisationId))
      if (!who) {
        failures.push(`${route.url}: no test client may use it`)
        continue
      }
      const url = concreteUrl(route.url)
      for (const csrf of [false, 'not-a-real-token', `${'a'.repeat(24)}-${'b'.repeat(27)}`] as const) {
        const response = await who.client.post(url, validBody(route.url), { csrf })
        if (response.statusCode !== 403 || !response.body.includes(CSRF_MESSAGE))
          failures.push(
            `POST ${url} with ${csrf || 'no token'}: ${response.statusCode} ${response.headers.location ?? ''}`,
          )
      }
    }
    expect(failures).toEqual([])
    expect(await snapshot()).toBe(before)

    // Nobody was signed in or out, and nobody switched organisation.
    expect((await visitor.get('/account')).statusCode).toBe(302)
    for (const { client } of candidates.slice(1)) expect((await client.get('/account')).statusCode).toBe(200)
    const people = await candidates[1]!.client.get('/organisation/people')
    expect($(people.body)('h1 .govuk-caption-m').text()).toBe('Organisation A')
    // The links still work.
    expect((await new Client(t.app).get(`/password/reset/${tokens.reset}`)).statusCode).toBe(200)
    expect((await new Client(t.app).get(`/password/set/${tokens.set}`)).statusCode).toBe(200)
  }, 60_000)

  it('refuses a token from another session', async () => {
    const mallory = new Client(t.app)
    await mallory.signIn('viewer@example.org', FIXTURE_PASSWORD)
    const stolen = await mallory.csrf('/account')

    const alice = new Client(t.app)
    await alice.signIn('orgadmin@example.org', FIXTURE_PASSWORD)
    const before = await snapshot()
    const people = await alice.post('/organisation/people/add', validBody('/organisation/people/add'), { csrf: stolen })
    expect(people.statusCode).toBe(403)
    expect(people.body).toContain(CSRF_MESSAGE)
    const everywhere = await alice.post('/account/sign-out-everywhere', {}, { csrf: stolen })
    expect(everywhere.statusCode).toBe(403)
    expect(await snapshot()).toBe(before)

    // A signed-out visitor's token does not work for someone else's sign-in either.
    const visitor = new Client(t.app)
    const visitorToken = await visitor.csrf('/sign-in')
    const other = new Client(t.app)
    await other.get('/sign-in')
    const signIn = await other.post(
      '/sign-in',
      { email: 'viewer@example.org', password: FIXTURE_PASSWORD },
      { csrf: visitorToken },
    )
    expect(signIn.statusCode).toBe(403)
  })

  it('accepts the session’s own token (the refusals above are not for some other reason)', async () => {
    const client = new Client(t.app)
    const token = await client.csrf('/sign-in')
    const response = await client.post('/sign-in', validBody('/sign-in'), { csrf: token })
    expect(response.statusCode).toBe(302)
    expect((await client.get('/account')).statusCode).toBe(200)
  })

  it('refuses a POST from a visitor with no session at all', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        email: 'orgadmin@example.org',
        password: FIXTURE_PASSWORD,
        _csrf: 'anything',
      }).toString(),
    })
    expect(response.statusCode).toBe(403)
    expect(setCookies(response.headers).filter((c) => !/Expires=Thu, 01 Jan 1970/i.test(c))).toEqual([])
  })
})

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!.toLowerCase(), values]),
  )
}

describe('security headers', () => {
  it('sends a CSP whose script nonce matches the inline script of the page, with no unsafe-inline', async () => {
    const response = await new Client(t.app).get('/sign-in')
    const csp = directives(String(response.headers['content-security-policy']))
    const scriptSrc = csp.get('script-src') ?? []
    expect(scriptSrc).toContain("'self'")
    expect(scriptSrc).not.toContain("'unsafe-inline'")
    expect(scriptSrc).not.toContain("'unsafe-eval'")
    const nonces = scriptSrc.filter((s) => s.startsWith("'nonce-")).map((s) => s.slice("'nonce-".length, -1))
    expect(nonces).toHaveLength(1)
    const nonce = nonces[0]!
    expect(nonce.length).toBeGreaterThanOrEqual(16)

    const inline = $(response.body)('script:not([src])')
    expect(inline.length).toBeGreaterThanOrEqual(1)
    expect(inline.first().text()).toContain('js-enabled')
    inline.each((_i, el) => void expect($(response.body)(el).attr('nonce')).toBe(nonce))
    expect(csp.get('style-src') ?? []).not.toContain("'unsafe-inline'")
  })

  it('uses a fresh nonce on every response', async () => {
    const client = new Client(t.app)
    const first = String((await client.get('/sign-in')).headers['content-security-policy'])
    const second = String((await client.get('/sign-in')).headers['content-security-policy'])
    expect(first).not.toBe(second)
  })

  it.each(['/', '/sign-in', '/accessibility', '/no-such-page', '/account'])(
    'sends the protective headers on %s',
    async (url) => {
      const client = new Client(t.app)
      if (url === '/account') await client.signIn('officer@example.org', FIXTURE_PASSWORD)
      const response = await client.get(url)
      const csp = directives(String(response.headers['content-security-policy']))
      expect(csp.get('frame-ancestors')).toEqual(["'none'"])
      expect(csp.get('object-src')).toEqual(["'none'"])
      expect(csp.get('default-src')).toEqual(["'self'"])
      expect(response.headers['x-frame-options']).toBe('DENY')
      expect(response.headers['x-content-type-options']).toBe('nosniff')
      expect(response.headers['referrer-policy']).toBe('same-origin')
      expect(response.headers['x-powered-by']).toBeUndefined()
      // Not served over HTTPS in tests, so no HSTS.
      expect(response.headers['strict-transport-security']).toBeUndefined()
    },
  )

  it('sends nosniff on static files too', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/public/init.js' })
    expect(response.statusCode).toBe(200)
    expect(response.headers['x-content-type-options']).toBe('nosniff')
  })
})

describe('cookies for signed-out visitors', () => {
  it.each(['/', '/accessibility', '/cookies', '/privacy', '/health'])('sets no session cookie on %s', async (url) => {
    const response = await t.app.inject({ method: 'GET', url })
    expect(response.statusCode).toBe(200)
    expect(setCookies(response.headers)).toEqual([])
  })

  it('stores no session for those visits', async () => {
    const count = async () => (await t.testDb.db.selectFrom('session').select('sid').execute()).length
    const before = await count()
    for (const url of ['/', '/accessibility', '/cookies', '/privacy']) await t.app.inject({ method: 'GET', url })
    expect(await count()).toBe(before)
  })
})

describe('the sign-in rate limit', () => {
  it('answers 429 once the limit is used up, even for the right password', async () => {
    const limited = await createTestApp({ signInRateLimit: 3 })
    try {
      await createAccessFixture(limited.services)
      const client = new Client(limited.app)
      for (let n = 1; n <= 3; n++) {
        const response = await client.post(
          '/sign-in',
          { email: 'officer@example.org', password: `guess ${n}` },
          { csrfFrom: '/sign-in' },
        )
        expect(response.statusCode).toBe(401)
        expect(response.headers['x-ratelimit-limit']).toBe('3')
      }
      const blocked = await client.post(
        '/sign-in',
        { email: 'officer@example.org', password: FIXTURE_PASSWORD },
        { csrfFrom: '/sign-in' },
      )
      expect(blocked.statusCode).toBe(429)
      expect(blocked.headers['retry-after']).toBeDefined()
      expect($(blocked.body)('main').text()).toContain('Wait a minute and try again')
      expect((await client.get('/account')).statusCode).toBe(302)
      // The rest of the site still answers.
      expect((await client.get('/sign-in')).statusCode).toBe(200)
    } finally {
      await limited.close()
    }
  })
})
