// Builds the web app on a fresh test database, with a fast password hasher and a mailer that records messages.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import * as cheerio from 'cheerio'
import { syncAreas } from '../../src/db/repositories/area.repository.js'
import { loadGeography } from '../../src/reference/geography.js'
import { createServices, type Services } from '../../src/services.js'
import type { Clock } from '../../src/services/support/clock.js'
import type { EmailMessage, Mailer } from '../../src/services/support/mailer.js'
import type { PasswordHasher } from '../../src/services/support/password-hasher.js'
import { createApp } from '../../src/web/app.js'
import { createTestDb, type TestDb } from './test-db.js'

/** Hashes that are quick to make: argon2 itself is tested in its own unit test. */
export const fastHasher: PasswordHasher = {
  hash: async (password) => `test-hash:${password}`,
  verify: async (hash, password) => hash === `test-hash:${password}`,
}

export type RecordingMailer = Mailer & { sent: EmailMessage[] }

/** Records every message; hands each on to `deliver` when given (e.g. a real SMTP mailer), else reports it sent. */
export function recordingMailer(deliver?: Mailer): RecordingMailer {
  const sent: EmailMessage[] = []
  return {
    sent,
    send: async (message) => (
      sent.push(message),
      deliver ? deliver.send(message) : { status: 'sent', transport: 'test' }
    ),
  }
}

export type TestApp = {
  app: FastifyInstance
  services: Services
  testDb: TestDb
  mailer: RecordingMailer
  close: () => Promise<void>
}

export async function createTestServices(
  testDb: TestDb,
  mailer: Mailer = recordingMailer(),
  options: { clock?: Clock } = {},
): Promise<Services> {
  const geography = loadGeography()
  await syncAreas(testDb.db, geography)
  return createServices({
    db: testDb.db,
    geography,
    publicUrl: 'http://localhost:3000',
    hasher: fastHasher,
    mailer,
    clock: options.clock,
  })
}

export type TestAppOptions = {
  demo?: boolean
  /** Where messages go after being recorded (default: nowhere, reported as sent). */
  mailer?: Mailer
  clock?: Clock
  secureCookies?: boolean
  trustProxy?: boolean
  signInRateLimit?: number
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const testDb = await createTestDb()
  const mailer = recordingMailer(options.mailer)
  const services = await createTestServices(testDb, mailer, { clock: options.clock })
  const app = await createApp(services, {
    sessionSecret: 'a-test-session-secret-of-at-least-32-characters',
    secureCookies: options.secureCookies ?? false,
    trustProxy: options.trustProxy ?? false,
    demo: options.demo ?? false,
    signInRateLimit: options.signInRateLimit ?? 10_000,
  })
  await app.ready()
  return {
    app,
    services,
    testDb,
    mailer,
    close: async () => {
      await app.close()
      await testDb.destroy()
    },
  }
}

/** A browser-like client for inject: keeps the session cookie and reads CSRF tokens from forms. */
export class Client {
  cookie = ''

  constructor(private readonly app: FastifyInstance) {}

  private remember(response: LightMyRequestResponse) {
    const setCookie = response.headers['set-cookie']
    const cookies = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []
    for (const c of cookies) {
      const [pair] = c.split(';')
      if (pair?.startsWith('cwb_session=')) this.cookie = /Expires=Thu, 01 Jan 1970/i.test(c) ? '' : pair
    }
    return response
  }

  async get(url: string) {
    return this.remember(
      await this.app.inject({ method: 'GET', url, headers: this.cookie ? { cookie: this.cookie } : {} }),
    )
  }

  /** A CSRF token for this session, read from a page with a form. */
  async csrf(from = '/sign-in'): Promise<string> {
    const page = await this.get(from)
    const token = cheerio.load(page.body)('input[name=_csrf]').first().val()
    if (typeof token !== 'string') throw new Error(`No CSRF token on ${from} (status ${page.statusCode})`)
    return token
  }

  async post(
    url: string,
    form: Record<string, string | string[]>,
    options: { csrf?: string | false; csrfFrom?: string } = {},
  ) {
    const token =
      options.csrf === false
        ? undefined
        : (options.csrf ?? (await this.csrf(options.csrfFrom ?? (this.cookie ? '/account' : '/sign-in'))))
    const body = new URLSearchParams()
    for (const [k, v] of Object.entries(form)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item)
    if (token) body.append('_csrf', token)
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        payload: body.toString(),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(this.cookie ? { cookie: this.cookie } : {}),
        },
      }),
    )
  }

  async signIn(email: string, password: string) {
    const response = await this.post('/sign-in', { email, password }, { csrfFrom: '/sign-in' })
    if (response.statusCode !== 302) throw new Error(`Sign-in as ${email} failed with ${response.statusCode}`)
    return response
  }
}

export function $(html: string) {
  return cheerio.load(html)
}
